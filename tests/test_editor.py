"""The browser editor: Decap CMS at admin/, its configuration made from the kinds, and a
marketer's round trip in chromium against Decap's local server on the hub's own files."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook import editor
from playbook.cli import main
from playbook.kinds import HUB_LISTS, KINDS
from playbook.hub_model import Hub
from playbook.yaml_loader import safe_data

from conftest import MINI_HUB, REPO, check, problems, run_mkdocs, write_hub

DECAP_SERVER = REPO / ".venv/decap-server/node_modules/.bin/decap-server"


def _editor_hub(root: Path, port: int = 8081) -> Path:
    """The mini hub in English and Urdu, its editor's local server on ``port``."""
    mkdocs_yml = MINI_HUB["mkdocs.yml"].replace("  - playbook\n", f"""  - playbook:
              editor:
                local_backend:
                  url: http://127.0.0.1:{port}/api/v1
    """)
    return write_hub(root, {"mkdocs.yml": mkdocs_yml,
                            "playbook/hub.yml": "name: Mini hub\nlanguages: [en, ur]\n"})


def _fields(fields: list[dict], prefix: str = ""):
    for field in fields:
        yield prefix + field["name"], field
        yield from _fields(field.get("fields", []), prefix + field["name"] + ".")


def test_every_kind_is_a_collection_and_every_field_a_fitting_widget(tmp_path):
    root = _editor_hub(tmp_path / "hub")
    pb = check(root).playbook
    made = editor.config(pb, {"backend": {"name": "gitlab", "repo": "acme/pb"}})
    assert made["backend"] == {"name": "gitlab", "repo": "acme/pb"}
    assert made["publish_mode"] == "editorial_workflow"
    assert made["media_folder"] == "content/files" and made["public_folder"] == "files"
    collections = {c["name"]: c for c in made["collections"]}
    assert list(collections) == [*KINDS, "settings"]  # (hub.yml: the hub's settings)
    hub_yml = collections.pop("settings")["files"][0]
    assert hub_yml["file"] == "playbook/hub.yml"
    assert [f["name"] for f in hub_yml["fields"]] == list(Hub.model_fields)
    settings = dict(_fields(hub_yml["fields"]))
    assert settings["name"]["playbook"] == "text" and settings["teams"]["widget"] == "list"
    assert settings["onboarding.effort.play"]["widget"] == "number"
    for folder, kind in KINDS.items():
        c = collections[folder]
        assert c["folder"] == f"playbook/{folder}" and c["extension"] == "yml"
        fields = dict(_fields(c["fields"]))
        assert [f["name"] for f in c["fields"]] == list(kind.model.model_fields), folder
        for name, info in kind.model.model_fields.items():
            assert fields[name]["required"] == info.is_required(), (folder, name)
        # every reference: a relation to its kind, or a choice of the hub's list
        for ref in kind.references:
            if fields[ref.name].get("playbook") == "mixed" and ref.field != ref.name + "[]":
                continue  # (in objections written in place: kept as written)
            field = fields[ref.field.replace("[]", "")]
            if ref.target in HUB_LISTS:
                setting = HUB_LISTS[ref.target][0]
                assert field["widget"] == "select", (folder, ref.field)
                assert field["options"] == list(getattr(pb.hub, setting))
            elif field.get("playbook") == "all":
                assert field["options"][0]["value"] == "all"
                assert {o["value"] for o in field["options"][1:]} == set(pb.roles)
            else:
                assert field["widget"] == "relation", (folder, ref.field)
                assert field["collection"] == ref.target and field["value_field"] == "{{slug}}"
    collateral = dict(_fields(collections["collateral"]["fields"]))
    # a text: an input per language of the hub, the default one required
    assert collateral["title"]["playbook"] == "text"
    assert [(f["name"], f["required"]) for f in collateral["title"]["fields"]] == [
        ("en", True), ("ur", False)]
    assert collateral["summary.en"]["widget"] == "markdown"
    assert collateral["title.en"]["widget"] == "string"
    assert collateral["updated"]["widget"] == "datetime"
    assert collateral["updated"]["format"] == "YYYY-MM-DD"
    assert collateral["file"]["widget"] == "file"
    assert "docs folder" in collateral["file"]["hint"]
    assert collateral["audience"]["multiple"] is True
    # an item's language: the hub's, then any its items are in already
    assert [o["value"] for o in collateral["language"]["options"]] == ["en", "ur"]
    sample = editor.config(check(REPO).playbook)["collections"]
    languages = dict(_fields(next(c for c in sample if c["name"] == "collateral")["fields"]))
    values = [o["value"] for o in languages["language"]["options"]]
    assert values[:6] == ["en", "kn", "ur", "sr", "hu", "bn"] and "th" in values
    assert {"label": "Thai (ไทย) (th)", "value": "th"} in languages["language"]["options"]
    assert dict(_fields(collections["roles"]["fields"]))["reports_to"]["multiple"] is False
    assert dict(_fields(collections["lead-types"]["fields"]))["temperature"]["options"] == [
        "cold", "warm", "hot"]


def test_the_backend_follows_the_repository_of_mkdocs_yml(tmp_path):
    pb = check(_editor_hub(tmp_path / "hub")).playbook
    assert editor.config(pb, {}, repo_url="https://github.com/acme/playbook")["backend"] == {
        "name": "github", "repo": "acme/playbook", "branch": "main"}
    gitlab = editor.config(pb, {"app_id": "abc", "branch": "trunk"},
                           repo_url="https://gitlab.com/acme/sales/playbook.git")["backend"]
    assert gitlab == {"name": "gitlab", "repo": "acme/sales/playbook", "branch": "trunk",
                      "auth_type": "pkce", "app_id": "abc"}
    own = editor.config(pb, {}, repo_url="https://gitlab.acme.example/sales/pb")["backend"]
    assert own["base_url"] == "https://gitlab.acme.example"
    assert own["api_root"] == "https://gitlab.acme.example/api/v4"
    # a hub in a folder of its repository
    made = editor.config(pb, {"folder": "hubs/emea"})
    assert made["media_folder"] == "hubs/emea/content/files"
    assert made["collections"][0]["folder"] == "hubs/emea/playbook/roles"


@pytest.mark.site
def test_the_build_publishes_the_editor_that_playbook_cms_describes(tmp_path):
    root = _editor_hub(tmp_path / "hub")
    site = tmp_path / "site"
    result = run_mkdocs(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    published = yaml.safe_load((site / editor.CONFIG).read_text(encoding="utf-8"))
    written = CliRunner().invoke(main, ["cms", str(root)])
    assert written.exit_code == 0, written.output
    assert yaml.safe_load(written.output) == published
    page = (site / editor.PAGE).read_text(encoding="utf-8")
    for script in ("js-yaml.min.js", editor.BUNDLE, editor.SCRIPT):
        assert f'<script src="{script}">' in page and (site / "admin" / script).is_file()
    assert "http" not in page  # nothing from elsewhere
    assert len(list((site / "admin").glob("*.decap-cms.js"))) > 50  # its parts, on demand
    assert not (site / "ur/admin").exists()  # one editor per hub, not per language
    # (off by default: test_build.test_mini_hub_builds_strict)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalBackend:
    """Decap's local server on a hub's files (as `npx decap-server` in its checkout): in
    its file mode, which writes the files in place, or its git mode, which commits each
    entry saved to a branch of its own (Decap's editorial workflow)."""

    def __init__(self, root: Path, port: int, log: Path):
        self.root, self.port, self.log = root, port, log
        self.url = f"http://127.0.0.1:{port}/"
        self.server: subprocess.Popen | None = None

    def start(self, mode: str) -> None:
        self.stop()
        env = dict(os.environ, PORT=str(self.port), BIND_HOST="127.0.0.1", MODE=mode,
                   GIT_REPO_DIRECTORY=str(self.root), LOG_LEVEL="info")
        with open(self.log, "w") as out:
            self.server = subprocess.Popen([str(DECAP_SERVER)], env=env, stdout=out,
                                           stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while "listening" not in self.log.read_text():
            assert self.server.poll() is None and time.monotonic() < deadline, \
                self.log.read_text()
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=10)
            self.server = None


@pytest.fixture
def local_backend(tmp_path):
    """Decap's local server on the hub's files, in its file mode, and the hub's site built
    to talk to it."""
    if not DECAP_SERVER.exists():
        pytest.fail("decap-server is missing: `make test` installs it "
                    "(scripts/editor_server.sh)")
    port = _free_port()
    root = _editor_hub(tmp_path / "hub", port)
    site = tmp_path / "site"
    built = run_mkdocs(root, site, "--strict")
    assert built.returncode == 0, built.stderr
    backend = LocalBackend(root, port, tmp_path / "decap-server.log")
    backend.start("fs")
    try:
        yield root, site, backend
    finally:
        backend.stop()


@pytest.mark.browser
def test_a_marketer_adds_and_edits_collateral_in_the_browser(local_backend, chromium,
                                                             tmp_path):
    """In chromium, against Decap's local server: a required field left empty is refused;
    a new item (a translation, a role, an uploaded file) is written, validates and builds;
    an item reached from its page is edited with nothing else changed; and in a git
    checkout an entry saved goes to a branch of its own (the editorial workflow)."""
    from browser import serve, watched_page

    root, site, backend = local_backend
    brief = tmp_path / "pricing-brief.pdf"
    brief.write_bytes(b"%PDF-1.4\n% a pricing brief\n")
    with serve(site) as url:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = watched_page(context, url)
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        page.goto(url + "admin/")
        page.get_by_role("button", name="Login").click()

        # an empty required field is refused: nothing is written
        page.goto(url + "admin/#/collections/collateral/new")
        page.get_by_label("Urdu (اردو) (optional)").first.fill("صرف اردو")
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
        page.get_by_text("missed a required field").wait_for()
        assert sorted(p.name for p in (root / "playbook/collateral").iterdir()) == [
            "guide.yml"]

        # a new item with a translation, a role and an uploaded file
        page.goto(url + "admin/#/collections/collateral/new")
        page.reload()  # (a new entry, not the one refused above)
        page.get_by_label("English").first.fill("Pricing one-pager")
        urdu = page.get_by_label("Urdu (اردو) (optional)").first
        urdu.fill("قیمتوں کا صفحہ")
        assert urdu.evaluate("e => getComputedStyle(e).direction") == "rtl"
        page.locator("[data-slate-editor]").first.click()
        page.keyboard.type("What each plan costs.")
        page.get_by_label("Type", exact=True).fill("one-pager")
        page.keyboard.press("Enter")
        page.get_by_label("Audience", exact=True).fill("Sales rep")
        page.get_by_text("Sales rep", exact=True).last.wait_for()
        page.keyboard.press("Enter")
        page.get_by_label("Owner", exact=True).fill("Ana")
        page.get_by_role("button", name="Choose a file").click()
        page.set_input_files("input[type=file]", str(brief))
        page.get_by_text(brief.name).wait_for()
        page.get_by_role("button", name="Choose selected").click()
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
        written = root / "playbook/collateral/pricing-one-pager.yml"
        # (whole: Decap's server makes the file, then writes it; a read between the two
        # found it empty once)
        _wait_for(lambda: written.is_file() and all(
            f"{key}:" in written.read_text(encoding="utf-8") for key in ("owner", "updated")))
        data = yaml.safe_load(written.read_text(encoding="utf-8"))
        # (a new item is updated today, as the date picker shows it: in UTC)
        assert data.pop("updated") == dt.datetime.now(dt.timezone.utc).date()
        assert data == {"title": {"en": "Pricing one-pager", "ur": "قیمتوں کا صفحہ"},
                        "summary": "What each plan costs.", "type": "one-pager",
                        "file": f"files/{brief.name}", "audience": ["rep"], "owner": "Ana"}
        # (and the uploaded file, which Decap's server writes in a request of its own: it
        # came after the entry once)
        uploaded = root / "content/files" / brief.name
        _wait_for(lambda: uploaded.is_file() and uploaded.read_bytes() == brief.read_bytes())
        assert problems(root) == [] and problems(root, "warning") == []
        again = run_mkdocs(root, tmp_path / "again", "--strict")
        assert again.returncode == 0, again.stderr
        built = (tmp_path / "again/collateral/pricing-one-pager/index.html").read_text()
        assert "Pricing one-pager" in built and brief.name in built

        # an existing item, edited: what was not touched stays as it was
        guide = root / "playbook/collateral/guide.yml"
        before = yaml.safe_load(guide.read_text(encoding="utf-8"))
        # (from the item's page in the site, as a marketer finds it)
        page.goto(url + "collateral/guide/")
        page.get_by_role("link", name="Edit in the browser").click()
        owner = page.get_by_label("Owner", exact=True)
        owner.wait_for()
        assert page.get_by_label("English").first.input_value() == "Guide"
        assert owner.input_value() == "Ana"
        owner.fill("Bea Varga")
        page.get_by_role("button", name="Publish").first.click()
        page.get_by_text("Publish now").click()
        _wait_for(lambda: "Bea Varga" in guide.read_text(encoding="utf-8"))
        assert yaml.safe_load(guide.read_text(encoding="utf-8")) == {**before,
                                                                     "owner": "Bea Varga"}
        assert problems(root) == []

        assert page.errors == [] and console == []
        # nothing but the site and the hub's own local server
        assert [u for u in page.outside_requests if not u.startswith(backend.url)] == []

        # the editorial workflow: in a git checkout, an entry saved is a commit on a
        # branch of its own (a pull request, on GitHub or GitLab), not a change of main
        git = ["git", "-C", str(root), "-c", "user.name=Ana", "-c", "user.email=ana@x"]
        subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "The hub"], check=True)
        main = subprocess.run([*git, "rev-parse", "main"], capture_output=True, text=True,
                              check=True).stdout
        backend.start("git")
        page.goto(url + "admin/#/collections/metrics/new")
        page.reload()
        page.get_by_label("English").first.fill("Win rate")
        page.locator("[data-slate-editor]").first.click()
        page.keyboard.type("Deals won over deals worked.")
        page.get_by_role("button", name="Save").first.click()
        page.get_by_text("Entry saved").wait_for()
        branch = "cms/metrics/win-rate"

        def git_out(*args: str) -> str:
            return subprocess.run([*git, *args], capture_output=True, text=True).stdout

        # (the server checks the branch out for a moment whenever the editor reads the
        # entry: its file comes and goes in the folder; what counts is what is committed)
        _wait_for(lambda: git_out("ls-tree", "--name-only", branch,
                                  "playbook/metrics/win-rate.yml"))
        shown = subprocess.run([*git, "show", f"{branch}:playbook/metrics/win-rate.yml"],
                               capture_output=True, text=True, check=True).stdout
        assert yaml.safe_load(shown) == {"title": "Win rate",
                                         "definition": "Deals won over deals worked."}
        assert git_out("rev-parse", "main") == main  # main is as it was
        assert page.errors == []
        context.close()


def _wait_for(done, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "the editor did not write the file"
        time.sleep(0.05)


def _written_back(config: Path, files: list[Path]) -> dict[str, str]:
    """Each file as the editor writes it back after reading it (assets/editor.js, run by
    Node with the configuration ``config``)."""
    import json
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is missing (make test installs it for the editor's tests)")
    done = subprocess.run([node, str(REPO / "tests/editor_roundtrip.js"),
                           str(REPO / "plugins/playbook/assets"), str(config),
                           *map(str, files)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_file_of_the_sample_is_written_back_as_it_was_read(tmp_path):
    """Nothing lost: texts in one or several languages, `roles: all`, objections written
    in place, dates, numbers, quoted versions."""
    config = tmp_path / "config.yml"
    assert CliRunner().invoke(main, ["cms", str(REPO), "-o", str(config)]).exit_code == 0
    files = [REPO / "playbook/hub.yml"] + [
        f for folder in KINDS for f in sorted((REPO / "playbook" / folder).glob("*.yml"))]
    back = _written_back(config, files)
    assert len(back) == len(files) > 100
    for file in files:
        assert safe_data(back[str(file)]) == safe_data(file.read_text("utf-8")), file


def test_the_editor_writes_the_formats_simplest_form(tmp_path):
    root = _editor_hub(tmp_path / "hub")
    config = tmp_path / "config.yml"
    config.write_text(editor.to_yaml(editor.config(check(root).playbook)), encoding="utf-8")
    item = root / "playbook/collateral/guide.yml"
    item.write_text(
        "title: {en: Guide, ur: ''}\nsummary: {en: How we sell., ur: 'ہم کیسے بیچتے ہیں'}\n"
        "type: product-guide\nfile: files/guide.txt\naudience: [rep]\nstages: []\n"
        "owner: Ana\nversion: '2.0'\ntags: ['no', yes]\nupdated: 2026-10-01\n"
        "future_field: kept\n", encoding="utf-8")
    written = _written_back(config, [item])[str(item)]
    assert yaml.safe_load(written) == {
        "title": "Guide", "summary": {"en": "How we sell.", "ur": "ہم کیسے بیچتے ہیں"},
        "type": "product-guide", "file": "files/guide.txt", "audience": ["rep"],
        # (yes and no stay words: the editor quotes them, as YAML 1.1 would read booleans)
        "owner": "Ana", "version": "2.0", "tags": ["no", "yes"],
        "updated": dt.date(2026, 10, 1), "future_field": "kept"}
