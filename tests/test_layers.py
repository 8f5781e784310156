"""The apps' layers (docs/architecture.md): code imports only from its own layer or below.

    text < core, tasks, ops < news < engage, search, collect, directory, editorial < publish, api < portal, backup

and the project modules (settings, urls, cli, wsgi) on top. Read from the source with ast,
function-level imports included, so a cycle cannot hide inside a function.
"""

import ast
from pathlib import Path

import dayuan

LAYERS = [
    {"text"},
    {"core", "tasks", "ops"},
    {"news"},
    {"engage", "search", "collect", "directory", "editorial"},
    {"publish", "api"},
    {"portal", "backup"},
    {"<project>"},  # dayuan/*.py: settings, urls, cli, wsgi, asgi
]
LAYER_OF = {package: number for number, packages in enumerate(LAYERS) for package in packages}
SOURCE = Path(dayuan.__file__).resolve().parent


def package_of(module, root):
    """'dayuan.news.models' -> 'news'; a module directly under dayuan -> '<project>'."""
    parts = module.split(".")
    if len(parts) > 2 or (len(parts) == 2 and (root / parts[1]).is_dir()):
        return parts[1]
    return "<project>"


def module_name(path, root):
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path, root):
    """Every dayuan module `path` imports, with the line number."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            names = [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name == "dayuan" or name.startswith("dayuan."):
                yield name, node.lineno


def layer_violations(root=SOURCE):
    for path in sorted(root.rglob("*.py")):
        source = package_of(module_name(path, root), root)
        for name, line in imported_modules(path, root):
            if name == "dayuan":
                continue
            target = package_of(name, root)
            if LAYER_OF[target] > LAYER_OF[source]:
                yield (
                    f"{path.relative_to(root.parent)}:{line} imports {name}: "
                    f"{source} (layer {LAYER_OF[source]}) must not import from {target} "
                    f"(layer {LAYER_OF[target]}); see docs/architecture.md"
                )


def test_every_app_has_a_layer():
    apps = {path.name for path in SOURCE.iterdir() if (path / "__init__.py").exists()}
    assert apps - LAYER_OF.keys() == set(), "place the new app in LAYERS and docs/architecture.md"


def test_no_import_reaches_up_a_layer():
    assert list(layer_violations()) == []


def test_the_check_sees_a_function_level_import_up(tmp_path):
    """The check itself: an upward import inside a function is reported with file, line and rule."""
    fake = tmp_path / "dayuan"
    (fake / "news").mkdir(parents=True)
    (fake / "engage").mkdir()
    for init in (fake / "__init__.py", fake / "news" / "__init__.py", fake / "engage" / "__init__.py"):
        init.write_text("")
    (fake / "news" / "views.py").write_text("def page():\n    from ..engage.views import withdrawn\n")
    assert list(layer_violations(fake)) == [
        "dayuan/news/views.py:2 imports dayuan.engage.views: news (layer 2) "
        "must not import from engage (layer 3); see docs/architecture.md"
    ]
