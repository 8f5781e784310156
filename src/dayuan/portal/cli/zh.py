"""Chinese for argparse's messages and Django's common command options.

argparse looks its strings up through the module-level `_` and `ngettext` at the
moment it needs them, so replacing those two names translates every parser made
afterwards (usage lines, group titles, error messages).
"""

import argparse

ARGPARSE = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的参数值 %r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r（应为 %(type)s）",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
TYPE_NAMES = {"int": "整数", "float": "数字"}

# Django's BaseCommand adds these to every command.
DJANGO_OPTIONS = {
    "--version": "显示 Django 版本并退出",
    "--verbosity": "输出详细程度：0 最少，1 正常，2 详细，3 非常详细",
    "--settings": "设置模块的 Python 路径（默认读取环境变量 DJANGO_SETTINGS_MODULE）",
    "--pythonpath": "加入 Python 路径的目录",
    "--traceback": "出错时显示完整的调用栈",
    "--no-color": "不给输出上色",
    "--force-color": "强制给输出上色",
    "--skip-checks": "跳过系统检查",
}


def _gettext(message):
    return ARGPARSE.get(message, message)


def _ngettext(singular, plural, count):
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return singular if count == 1 else plural


def install():
    """Make argparse speak Chinese from now on."""
    argparse._ = _gettext
    argparse.ngettext = _ngettext
    # "invalid int value" names the type by its Python name; say what it means.
    original = argparse.ArgumentParser._get_value
    if getattr(original, "dayuan_zh", False):
        return

    def _get_value(self, action, arg_string):
        try:
            return original(self, action, arg_string)
        except argparse.ArgumentError as error:
            for english, chinese in TYPE_NAMES.items():
                error.message = error.message.replace(f"（应为 {english}）", f"（应为{chinese}）")
            raise

    _get_value.dayuan_zh = True
    argparse.ArgumentParser._get_value = _get_value


def translate_options(parser):
    """Chinese help for the options Django adds to every command."""
    for action in parser._actions:
        for option in action.option_strings:
            if option in DJANGO_OPTIONS:
                action.help = DJANGO_OPTIONS[option]
    return parser
