"""Drive the notebooks in a real JupyterLab (or Voila) with headless Chromium.

Shared by the browser tests (tests/browser/) and the latency benchmark
(benchmarks/). Nothing here downloads a browser: Debian's Chromium at
/usr/bin/chromium is driven through Playwright. Every server listens on
127.0.0.1 with a random token, keeps its settings, runtime files and
workspaces in a private temporary folder, serves a temporary copy of the
notebooks (so the browser can never change the repository) and is stopped
by its process id.
"""

import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
ROOT_FLAG = ["--allow-root"] if os.geteuid() == 0 else []
EXPLORER_TEXT = "Interactive figure (controls:"

LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {
        "autoStartDefaultKernel": True, "windowingMode": "none"},
}


def chromium_missing():
    """None if the browser tests can run, else a one-line reason."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright (Python) is not installed"
    return None


def explorer_notebooks(folder=ROOT / "notebooks" / "en"):
    """Notebooks whose stored outputs hold interactive figures, with their
    number of Explorers: name -> count."""
    found = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        count = explorer_count(path)
        if count:
            found[path.name] = count
    return found


def explorer_count(path):
    nb = json.loads(Path(path).read_text())
    count = 0
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/plain", ""))
            count += text.startswith(EXPLORER_TEXT)
    return count


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A Jupyter server process of our own, on 127.0.0.1."""

    def __init__(self, kind, notebooks, workdir):
        self.kind = kind
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.workdir = Path(workdir)
        self.root = self.workdir / "root"
        shutil.copytree(notebooks, self.root / "notebooks", ignore=(
            shutil.ignore_patterns(".ipynb_checkpoints")))
        self.log_path = self.workdir / f"{kind}.log"
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def environment(self):
        env = dict(os.environ)
        private = {
            "JUPYTER_CONFIG_DIR": "config", "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTER_RUNTIME_DIR": "runtime", "JUPYTERLAB_WORKSPACES_DIR":
            "workspaces", "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "mpl",
        }
        for name, folder in private.items():
            path = self.workdir / folder
            path.mkdir(parents=True, exist_ok=True)
            env[name] = str(path)
        for plugin, values in LAB_SETTINGS.items():
            target = self.workdir / "settings" / (plugin + ".jupyterlab-settings")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
        env.pop("JUPYTER_TOKEN", None)
        return env

    def command(self):
        if self.kind == "lab":
            return [
                str(VENV_BIN / "jupyter"), "lab", "--no-browser",
                "--ip", "127.0.0.1", f"--port={self.port}",
                "--port-retries=0", f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root}",
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
                "--ServerApp.terminals_enabled=False", *ROOT_FLAG,
            ]
        return [
            str(VENV_BIN / "voila"), "--no-browser", "--Voila.ip=127.0.0.1",
            f"--port={self.port}", f"--token={self.token}",
            "--Voila.port_retries=0", "--show_tracebacks=True",
            str(self.root),
        ]

    def start(self, timeout=90):
        log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self._log = log
        self.process = subprocess.Popen(
            self.command(), cwd=self.root, env=self.environment(), stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        probe = (f"{self.base}/api/status?token={self.token}" if self.kind == "lab"
                 else f"{self.base}/?token={self.token}")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited:\n{self.log_text()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.kind} did not start:\n{self.log_text()}")

    def log_text(self):
        return self.log_path.read_text()[-4000:] if self.log_path.exists() else ""

    def stop(self):
        """Stop the server and its kernels: its own process group, by id."""
        if self.process is None:
            return
        pid = self.process.pid
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        try:  # kernels share the group; make sure none is left behind
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._log.close()
        self.process = None

    def lab_url(self, name):
        return f"{self.base}/lab/tree/notebooks/en/{name}?reset&token={self.token}"

    def voila_url(self, name):
        return f"{self.base}/voila/render/notebooks/en/{name}?token={self.token}"


@contextmanager
def server(kind, notebooks=ROOT / "notebooks"):
    with tempfile.TemporaryDirectory(prefix=f"browser-{kind}-") as workdir:
        srv = Server(kind, notebooks, workdir)
        try:
            yield srv.start()
        finally:
            srv.stop()


@contextmanager
def chromium(playwright):
    """A fresh headless Chromium (own user-data folder) and one context."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport=VIEWPORT, device_scale_factor=1)
        try:
            yield context
        finally:
            context.close()


# ---------------------------------------------------------------- JupyterLab

KERNEL_READY_JS = """async () => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.context.isReady) return false;
  const session = panel.sessionContext;
  const kernel = session.session && session.session.kernel;
  if (!kernel || kernel.connectionStatus !== 'connected') return false;
  if (kernel.status !== 'idle') return false;
  await kernel.info;
  const reply = await kernel.requestExecute({code: '', silent: true}).done;
  return reply.content.status === 'ok' && kernel.status === 'idle'
      && kernel.connectionStatus === 'connected';
}"""

RUN_ALL_JS = """async () => {
  const app = window.jupyterapp;
  return await app.commands.execute('notebook:run-all-cells');
}"""


def open_in_lab(page, srv, name, timeout=120_000):
    """Open a notebook; return when its kernel answers and is idle."""
    page.goto(srv.lab_url(name))
    page.wait_for_selector(".jp-Notebook", timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        if page.evaluate(KERNEL_READY_JS):
            return
        page.wait_for_timeout(250)
    raise TimeoutError(f"kernel of {name} never became connected and idle")


def run_all(page, timeout=300_000):
    """Run every cell; True when all ran without error."""
    page.set_default_timeout(timeout)
    return page.evaluate(RUN_ALL_JS)


def problems(page):
    """Texts of error outputs and widget errors visible in the page."""
    found = page.evaluate("""() => {
      const out = [];
      const sel = '[data-mime-type="application/vnd.jupyter.stderr"],'
                + ' .jp-OutputArea-output.jp-mod-error, .jp-RenderedText.error';
      for (const el of document.querySelectorAll(sel)) out.push(el.innerText);
      const text = document.body.innerText;
      for (const bad of ['model not found', 'Error displaying widget',
                         'Failed to load model class', 'Traceback']) {
        if (text.includes(bad)) out.push('page says: ' + bad);
      }
      return out;
    }""")
    return [text.strip()[:500] for text in found]


def stored_figures(page):
    """Images shown by the stored outputs (an untrusted notebook shows an
    Explorer's stored PNG until its cell runs, never a widget error)."""
    return page.locator(
        '.jp-OutputArea-output[data-mime-type="image/png"] img').count()


# ------------------------------------------------------------------ Explorers

def explorers(page):
    """Locators of the interactive figures: the widget box holding an
    ipympl canvas together with its controls."""
    return page.locator(".widget-vbox:has(> .jupyter-matplotlib)")


def sliders(explorer):
    return explorer.locator(":scope > .widget-slider")


def canvas_of(explorer):
    return explorer.locator(".jupyter-matplotlib-canvas-div canvas").first


def pixels(canvas):
    """A canvas element's pixels as the page holds them, as an RGB array
    (read with toDataURL: exact, unlike a screenshot at a fractional
    position)."""
    import base64

    import numpy as np
    from PIL import Image

    url = canvas.evaluate("c => c.toDataURL('image/png')")
    data = base64.b64decode(url.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def same_pixels(a, b):
    return a.shape == b.shape and bool((a == b).all())


def handle_state(slider):
    handle = slider.locator(".noUi-handle").first
    values = handle.evaluate("""h => [h.getAttribute('aria-valuenow'),
                                       h.getAttribute('aria-valuemin'),
                                       h.getAttribute('aria-valuemax')]""")
    return handle, [float(v) for v in values]


def key_toward_room(slider):
    """The arrow key that moves the slider toward its larger free side."""
    _, (now, lo, hi) = handle_state(slider)
    return "ArrowRight" if hi - now >= now - lo else "ArrowLeft"


def wait_changed(read, before, timeout=15.0, same=None):
    """Poll ``read()`` until it differs from ``before``; return the new value
    or None on timeout."""
    same = same or (lambda a, b: a == b)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = read()
        if not same(now, before):
            return now
        time.sleep(0.1)
    return None


KERNEL_EXEC_JS = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  const out = [];
  future.onIOPub = (msg) => {
    const c = msg.content;
    if (c.text) out.push(c.text);
    if (c.data && c.data['text/plain']) out.push(c.data['text/plain']);
    if (c.traceback) out.push(c.traceback.join('\\n'));
  };
  await future.done;
  return out.join('');
}"""


def kernel_run(page, code):
    """Run code in the open notebook's kernel; return what it printed."""
    return page.evaluate(KERNEL_EXEC_JS, code)


KERNEL_FRAME = """
def _frame_of_explorer(index):
    import base64, gc, io

    import numpy as np
    from PIL import Image

    from lessons_lib.widgets import Explorer

    found = sorted((o for o in gc.get_objects() if isinstance(o, Explorer)),
                   key=lambda e: e.fig.number)
    rgba = np.asarray(found[index].fig.canvas.buffer_rgba())
    with io.BytesIO() as png:
        Image.fromarray(rgba[:, :, :3]).save(png, format="png")
        print(base64.b64encode(png.getvalue()).decode("ascii"), end="")


_frame_of_explorer({index})
del _frame_of_explorer
"""


def kernel_frame(page, index):
    """The pixels the kernel holds for the index-th Explorer (in the order
    the notebook made them), as an RGB array."""
    import base64

    import numpy as np
    from PIL import Image

    text = kernel_run(page, KERNEL_FRAME.format(index=index))
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(text))).convert("RGB"))
