"""Printable checklists: the person's PDF and the blank checklist of a flow."""
