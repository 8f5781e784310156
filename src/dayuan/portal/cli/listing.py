"""`dayuan help`: Dayuan's commands first, the Django commands an operator uses, the rest on --all."""

from django.core.management import get_commands, load_command_class

# Django commands an operator of a running site needs, in Chinese.
OPERATOR_COMMANDS = {
    "createsuperuser": "创建管理员账号",
    "changepassword": "修改用户密码",
    "migrate": "升级数据库结构（dayuan init 已包含）",
    "shell": "进入 Python 交互环境（已载入 Django）",
    "dbshell": "进入数据库的命令行客户端",
    "dumpdata": "把数据导出为 JSON",
    "loaddata": "从 JSON 导入数据",
    "clearsessions": "清理过期的登录会话",
}


def dayuan_commands():
    """{name: app} for the commands Dayuan's own apps define."""
    return {name: app for name, app in get_commands().items() if app.startswith("dayuan.")}


def summary(app, name):
    """The first sentence of a command's help."""
    try:
        text = load_command_class(app, name).help or ""
    except Exception:  # a broken command must not break the listing
        return ""
    return text.strip().split("\n")[0]


def main_help(prog, show_all=False):
    own = dayuan_commands()
    width = max(len(name) for name in [*own, *OPERATOR_COMMANDS]) + 2
    lines = [f"用法：{prog} 命令 [选项] [参数]", "", "大院网的命令："]
    lines += [f"  {name.ljust(width)}{summary(app, name)}" for name, app in sorted(own.items())]
    lines += ["", "站点运维常用的 Django 命令："]
    lines += [f"  {name.ljust(width)}{text}" for name, text in OPERATOR_COMMANDS.items()]
    if show_all:
        lines += ["", "Django 的其他命令（开发用）："]
        others = sorted(name for name in get_commands() if name not in own and name not in OPERATOR_COMMANDS)
        lines += [f"  {name}" for name in others]
    else:
        lines += ["", f"开发用的 Django 命令（startproject、makemigrations 等）：{prog} help --all"]
    lines += [f"查看某个命令的用法：{prog} help 命令 [子命令]，例如 {prog} help collect add"]
    return "\n".join(lines) + "\n"
