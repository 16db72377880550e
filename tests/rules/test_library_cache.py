"""load_library_cached: one validated library per content folder, reused until a file of that
folder changes or the day does, for the last few folders used."""

from __future__ import annotations

import datetime as dt
import os
import shutil

from portal.rules.library import load_library_cached
from tests.helpers import CONTENT

DAY = dt.date(2026, 12, 4)


def test_a_folder_keeps_its_library_while_apps_use_other_folders(tmp_path):
    shipped = load_library_cached(CONTENT, DAY)
    for n in range(3):  # copies of content/, as tests and editors make
        copy = tmp_path / f"copy{n}"
        shutil.copytree(CONTENT, copy)
        assert load_library_cached(copy, DAY) is not shipped
    assert load_library_cached(CONTENT, DAY) is shipped


def test_a_changed_file_or_another_day_loads_it_again(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    first = load_library_cached(copy, DAY)
    assert load_library_cached(copy, DAY) is first
    next_day = load_library_cached(copy, DAY + dt.timedelta(days=1))
    assert next_day is not first
    countries = copy / "countries.yaml"
    stat = countries.stat()
    os.utime(countries, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_library_cached(copy, DAY + dt.timedelta(days=1)) is not next_day


def test_only_the_last_folders_used_are_kept(tmp_path):
    copies = []
    for n in range(6):
        copy = tmp_path / f"copy{n}"
        shutil.copytree(CONTENT, copy)
        copies.append((copy, load_library_cached(copy, DAY)))
    oldest, newest = copies[0], copies[-1]
    assert load_library_cached(newest[0], DAY) is newest[1]
    assert load_library_cached(oldest[0], DAY) is not oldest[1]  # dropped, loaded again
