"""kill -9 in the middle of `dayuan collect run`: a rerun finishes the work and no article is created twice."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .site import pboot_article

ARTICLES = 6
WORDS = (
    "城市 乡村 发展 建设 项目 群众 政府 工作 会议 经济 文化 旅游 教育 医疗 交通 环境 生态 农业 工业 科技 "
    "创新 服务 社区 街道 学校 医院 道路 公园 企业 市场 投资 就业 收入 安全 文明 卫生 水利 电力 能源 资源"
).split()


def story(number):
    rng = random.Random(number)
    paragraphs = ["，".join(rng.choice(WORDS) + rng.choice(WORDS) for _ in range(24)) + "。" for _ in range(4)]
    return dict(
        title=f"第{number}号测试新闻 晋中推进{WORDS[number]}工作",
        time=f"2024-05-{number + 1:02d} 09:30:00",
        source="测试日报",
        author="记者甲",
        paragraphs=paragraphs,
    )


def feed(base):
    items = "".join(
        f"<item><title>{story(n)['title']}</title><link>{base}/news/{n}.html</link>"
        f"<pubDate>Thu, {n + 1:02d} May 2024 09:30:00 +0800</pubDate></item>"
        for n in range(ARTICLES)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>测试</title>{items}</channel></rss>'
    )


class Site(BaseHTTPRequestHandler):
    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            body, kind = feed(base).encode(), "application/rss+xml; charset=utf-8"
        elif self.path.startswith("/news/"):
            body, kind = pboot_article(story(int(self.path[6:-5])), "utf-8").encode(), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def dayuan(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "dayuan", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def rows(home, sql):
    with sqlite3.connect(home / "dayuan.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


def test_kill_9_mid_collect_then_rerun_creates_each_article_once(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DAYUAN_")}
    env.update(
        DAYUAN_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="dayuan.settings", DAYUAN_FETCH_ALLOW_NETWORKS="127.0.0.0/8"
    )
    try:
        dayuan(env, "init", "-v", "0")
        dayuan(
            env,
            "collect",
            "add",
            f"http://127.0.0.1:{server.server_address[1]}/feed.xml",
            "--name",
            "测试日报",
            "--channel",
            "gsyl",
            "--region",
            "jinzhong",
            "--trusted",
        )
        # One page a second (the polite per-host delay): killed after a few articles are in.
        run = subprocess.Popen(
            [sys.executable, "-m", "dayuan", "collect", "run", "1", "--no-progress"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            if (tmp_path / "dayuan.sqlite3").exists() and rows(tmp_path, "SELECT count(*) FROM news_article")[0][
                0
            ] >= 2:
                break
            time.sleep(0.05)
        assert run.poll() is None, "the run finished before it could be killed"
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        stored = rows(tmp_path, "SELECT count(*) FROM news_article")[0][0]
        assert 2 <= stored < ARTICLES

        dayuan(env, "collect", "run", "1", "--no-progress")
    finally:
        server.shutdown()
        server.server_close()
    titles = [title for (title,) in rows(tmp_path, "SELECT title FROM news_article")]
    assert sorted(titles) == sorted(story(n)["title"] for n in range(ARTICLES))
    assert rows(tmp_path, "SELECT count(*) FROM collect_fingerprint")[0][0] == ARTICLES
    statuses = [status for (status,) in rows(tmp_path, "SELECT status FROM collect_collectrun ORDER BY id")]
    assert statuses == ["failed", "done"], statuses  # the killed run is marked interrupted, not left running
    error = rows(tmp_path, "SELECT error FROM collect_collectrun ORDER BY id LIMIT 1")[0][0]
    assert "中断" in error
