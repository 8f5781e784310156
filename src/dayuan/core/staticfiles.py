from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """Static files without django-tinymce's bundled TinyMCE 7 (GPL-2.0-or-later): the editor is
    the MIT TinyMCE 6.8 under editorial/tinymce, so the GPL copy is neither collected nor served."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "tinymce/*"]
