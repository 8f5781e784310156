"""At start (every management command, `dayuan serve` included): every DAYUAN_* variable
that is set must fit its type, or the command stops and says which one and why."""

from django.core.checks import Error, register

from . import conf

# Values not repeated in messages: they may hold passwords.
SECRET_TYPES = (conf.database_url, conf.cache_url)


def shown(name, text):
    if name.endswith(("_KEY", "_TOKEN")) or conf.BY_NAME[name].type in SECRET_TYPES:
        return ""
    return f"“{text}”"


def written(default):
    """A default as one would write it in the environment."""
    if default is None or default == []:
        return "（空）"
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, list):
        return ",".join(default)
    return str(default)


@register()
def environment_settings(app_configs=None, **kwargs):
    return [
        Error(
            f"环境变量 {name} 的值{shown(name, text)}无效：{reason}。",
            hint=f"改正或删除它（不设置时为 {written(conf.BY_NAME[name].default)}）；说明见 README 的配置表。",
            id="dayuan.E001",
        )
        for name, text, reason in conf.problems()
    ]
