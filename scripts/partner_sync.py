"""Mirror the articles of one Dayuan site into another through their /api/v1/.

    python scripts/partner_sync.py https://source.example --target https://mirror.example \
        --token dy_… --state var/partner_sync.json

Each run reads what changed on the source since the last run and replays it on
the target with a 审核 (reviewer) token of the target site:

  1. GET /api/v1/changes?since=T  → articles that left the source: withdraw the copy;
  2. GET /api/v1/articles?since=T → articles published or edited since T: create the
     copy (a draft, then published) or update it, crediting the source (转载, its URL).

The state file keeps T and which target id copies which source id. T moves to the
newest change seen, minus an overlap, so a change committed late is read again
(replaying it is harmless). Needs only Python and httpx.
"""

import argparse
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import httpx

OVERLAP = timedelta(minutes=5)
COPIED_FIELDS = ("title", "summary", "author", "editor")


def walk(client, path, params):
    """Every item of a cursor-paginated list."""
    cursor = None
    while True:
        page = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        page.raise_for_status()
        data = page.json()
        yield from data["items"]
        cursor = data["next_cursor"]
        if not cursor:
            return


def copy_of(detail, source_name):
    """The target's article for a source article: same content, credited to the source."""
    fields = {name: detail[name] for name in COPIED_FIELDS}
    fields.update(
        body=detail["body_html"],
        channel=detail["channel"]["slug"],
        region=detail["region"]["slug"],
        tags=detail["tags"],
        statement="reprinted",
        source_name=source_name,
        source_url=detail["url"],
    )
    return fields


class Mirror:
    def __init__(self, source, target, state, source_name):
        self.source, self.target, self.state, self.source_name = source, target, state, source_name
        self.ids = state.setdefault("ids", {})  # source id (str) → target id
        self.counts = {"created": 0, "updated": 0, "withdrawn": 0}

    def remove(self, source_id):
        target_id = self.ids.get(str(source_id))
        if target_id is None:
            return
        response = self.target.post(f"/articles/{target_id}/withdraw", json={"comment": "来源站已下线"})
        if response.status_code == 200:
            self.counts["withdrawn"] += 1
        elif response.status_code != 409:  # 409: already withdrawn here
            response.raise_for_status()

    def upsert(self, source_id):
        detail = self.source.get(f"/articles/{source_id}")
        if detail.status_code in (404, 410):
            return self.remove(source_id)  # gone again since it was listed
        detail.raise_for_status()
        fields = copy_of(detail.json(), self.source_name)
        target_id = self.ids.get(str(source_id))
        if target_id is None:
            created = self.target.post("/articles", json=fields)
            created.raise_for_status()
            target_id = self.ids[str(source_id)] = created.json()["id"]
            self.counts["created"] += 1
        else:
            self.target.patch(f"/articles/{target_id}", json=fields).raise_for_status()
            self.counts["updated"] += 1
        published = self.target.post(f"/articles/{target_id}/publish")
        if published.status_code not in (200, 409):  # 409: already published
            published.raise_for_status()

    def run(self):
        since = self.state.get("since")
        params = {"since": since} if since else {}
        seen = []
        for change in walk(self.source, "/changes", params):
            self.remove(change["id"])
            seen.append(datetime.fromisoformat(change["at"]))
        for item in walk(self.source, "/articles", params):
            self.upsert(item["id"])
            seen.append(datetime.fromisoformat(item["updated_at"]))
        if seen:
            self.state["since"] = (max(seen) - OVERLAP).isoformat()
        return self.counts


def main(argv=None):
    parser = argparse.ArgumentParser(description="Mirror a Dayuan site's articles into another through /api/v1/.")
    parser.add_argument("source", help="the source site's address, e.g. https://www.example.com")
    parser.add_argument("--target", required=True, help="the mirror site's address")
    parser.add_argument("--token", required=True, help="an API token of a 审核 user on the target site")
    parser.add_argument("--state", required=True, type=Path, help="JSON file keeping the last sync time and id map")
    parser.add_argument("--source-name", default="", help="the name credited as 来源 (default: the source's host)")
    args = parser.parse_args(argv)
    state = json.loads(args.state.read_text()) if args.state.exists() else {}
    source_name = args.source_name or httpx.URL(args.source).host
    with (
        httpx.Client(base_url=args.source.rstrip("/") + "/api/v1", timeout=30) as source,
        httpx.Client(
            base_url=args.target.rstrip("/") + "/api/v1", timeout=30, headers={"Authorization": f"Bearer {args.token}"}
        ) as target,
    ):
        try:
            counts = Mirror(source, target, state, source_name).run()
        finally:  # what was copied stays known even when a request fails midway
            args.state.write_text(json.dumps(state, ensure_ascii=False, indent=1))
    print(json.dumps(counts, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
