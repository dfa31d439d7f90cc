"""Forms of the risalah pages, one module per area.

``risalah`` (the list's filters, a new risalah), ``title`` (the measurable title), ``steps`` (a step
page: its narrative and the editors of its tools), ``editors`` (what every tool editor is built
from), ``numbers`` (number fields), and one module per tool family: ``problems``, ``causes``,
``plan``, ``evaluation``, ``standard``. Import from the module that defines a name.
"""
