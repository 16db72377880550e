"""Content YAML is read with a safe loader: tags that build Python objects are refused."""

from __future__ import annotations

import pytest
import yaml

from portal.rules.yamlload import YamlSyntaxError, _LineLoader, load_yaml


def test_the_line_loader_is_a_safe_loader():
    assert issubclass(_LineLoader, yaml.SafeLoader | getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize(
    "text",
    [
        "title: !!python/object/apply:os.system ['echo owned']\n",
        "title: !!python/name:os.system\n",
        "title: !!python/object:collections.OrderedDict {}\n",
    ],
)
def test_python_tags_are_refused(tmp_path, text):
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlSyntaxError) as refused:
        load_yaml(path)
    assert refused.value.line == 1
