"""Parsing outside the web process: a child process with limits on memory, CPU and time.

The parent (web process, ``rabat ingest``, ``rabat ingest_worker``) talks to a long-lived
child, ``python -m knowledge.worker``, one JSON line per file: the request names the file and
the limits, the answer is the ``ParsedText`` or a rejection reason. The child caps its address
space (``RLIMIT_AS``) once and its CPU time per file (``RLIMIT_CPU``, raised by the per-file
allowance before each file); the parent adds a wall-clock timeout. A child that dies (memory
abort in PDFium, CPU limit, crash) or overruns is killed and replaced; the file ends as
"rejected" with the matching reason, and the parent carries on.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .parsers import Limits, mb
from .reasons import Rejected
from .text import ParsedText

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class WorkerLimits:
    """Limits of the child process (see ``settings.RABAT_INGEST_*``)."""

    memory_mb: int = 1024
    cpu_seconds: int = 60
    wall_seconds: int = 90
    parse: Limits = Limits()

    @classmethod
    def from_settings(cls) -> WorkerLimits:
        from django.conf import settings

        max_bytes = getattr(
            settings,
            "RABAT_INGEST_MAX_BYTES",
            getattr(settings, "DOCUMENT_MAX_UPLOAD_SIZE", Limits.max_bytes),
        )
        return cls(
            memory_mb=getattr(settings, "RABAT_INGEST_MEMORY_MB", cls.memory_mb),
            cpu_seconds=getattr(settings, "RABAT_INGEST_CPU_SECONDS", cls.cpu_seconds),
            wall_seconds=getattr(settings, "RABAT_INGEST_TIMEOUT_SECONDS", cls.wall_seconds),
            parse=Limits(
                max_bytes=max_bytes,
                max_decompressed=getattr(
                    settings, "RABAT_INGEST_MAX_DECOMPRESSED", Limits.max_decompressed
                ),
                max_pages=getattr(settings, "RABAT_INGEST_MAX_PAGES", Limits.max_pages),
            ),
        )


# -- the child ---------------------------------------------------------------------------


def _child_main() -> None:
    import resource

    # The protocol gets its own copy of stdout; fd 1 then points at stderr, so that anything
    # a C library prints cannot corrupt the answers.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    memory_mb = int(os.environ.get("RABAT_WORKER_MEMORY_MB", "1024"))
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from .parsing import parse_file

    for line in sys.stdin:
        request = json.loads(line)
        cpu = int(request.get("cpu_seconds", 60))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        used = int(usage.ru_utime + usage.ru_stime) + 1
        _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        new_hard = used + cpu + 5
        if hard != resource.RLIM_INFINITY:
            new_hard = min(new_hard, hard)
        resource.setrlimit(resource.RLIMIT_CPU, (min(used + cpu, new_hard), new_hard))
        started = time.perf_counter()
        try:
            parsed = parse_file(request["path"], Limits(**request.get("limits", {})))
            answer = {"ok": True, "parsed": parsed.as_dict()}
        except Rejected as exc:
            answer = {"ok": False, "code": exc.code, "params": exc.params}
        except MemoryError:
            answer = {"ok": False, "code": "memory", "params": {"limit_mb": memory_mb}}
        except RecursionError:
            answer = {
                "ok": False,
                "code": "corrupt",
                "params": {"format": "?", "detail": "too deeply nested"},
            }
        except Exception as exc:  # noqa: BLE001 - every library error becomes one reason
            answer = {"ok": False, "code": "crashed", "params": {"detail": type(exc).__name__}}
        answer["seconds"] = round(time.perf_counter() - started, 4)
        protocol.write(json.dumps(answer) + "\n")


# -- the parent --------------------------------------------------------------------------


class ParserChild:
    """One child process, restarted after any failure. Not thread-safe: one per thread."""

    def __init__(self, limits: WorkerLimits | None = None):
        self.limits = limits or WorkerLimits()
        self.process: subprocess.Popen | None = None

    def _start(self) -> subprocess.Popen:
        env = dict(os.environ)
        env["RABAT_WORKER_MEMORY_MB"] = str(self.limits.memory_mb)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        return subprocess.Popen(
            [sys.executable, "-m", "knowledge.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=str(ROOT),
            env=env,
            text=True,
            bufsize=1,
            start_new_session=True,
        )

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        try:
            process.stdin.close()
            process.wait(timeout=2)
            process.stdout.close()
        except Exception:  # noqa: BLE001
            self._kill(process)

    @staticmethod
    def _kill(process: subprocess.Popen) -> None:
        try:
            process.kill()
            process.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(Exception):
                stream.close()

    def parse(self, path: str | Path) -> ParsedText:
        """The file's ``ParsedText``, or ``Rejected`` with the reason."""
        path = Path(path)
        limits = self.limits
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise Rejected("unreadable", detail=exc.strerror or type(exc).__name__) from exc
        if size == 0:
            raise Rejected("empty")
        if size > limits.parse.max_bytes:
            raise Rejected("too_large", size_mb=mb(size), limit_mb=mb(limits.parse.max_bytes))
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        request = {
            "path": str(path.resolve()),
            "cpu_seconds": limits.cpu_seconds,
            "limits": limits.parse.as_dict(),
        }
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            self._kill(process)
            self.process = None
            raise Rejected("crashed") from None
        line = self._read_line(process, limits.wall_seconds)
        if line is None:  # no answer in time
            self.process = None
            self._kill(process)
            raise Rejected("timeout", seconds=limits.wall_seconds)
        if not line:  # the child died: why?
            self.process = None
            try:
                code = process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                code = None
            self._kill(process)
            if code == -signal.SIGXCPU:
                raise Rejected("timeout", seconds=limits.cpu_seconds)
            if code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, 1):
                # PDFium aborts when an allocation fails under RLIMIT_AS; Python exits with 1
                # when it cannot allocate while starting.
                raise Rejected("memory", limit_mb=limits.memory_mb)
            if code in (-signal.SIGKILL, -signal.SIGTERM, -signal.SIGINT):
                # Stopped from outside (the kernel's OOM killer, an operator): the file may be
                # fine; the queue tries it again (knowledge.services.RETRIED_REASONS).
                raise Rejected("killed")
            raise Rejected("crashed")
        answer = json.loads(line)
        if answer.get("ok"):
            return ParsedText.from_dict(answer["parsed"])
        raise Rejected(answer.get("code", "crashed"), **answer.get("params", {}))

    @staticmethod
    def _read_line(process: subprocess.Popen, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                if selector.select(remaining):
                    return process.stdout.readline()  # "" at end of file


_local = threading.local()


def parse(path: str | Path, limits: WorkerLimits | None = None) -> ParsedText:
    """Parse ``path`` in this thread's child process (started on first use)."""
    limits = limits or WorkerLimits.from_settings()
    child = getattr(_local, "child", None)
    if child is None:
        child = _local.child = ParserChild(limits)
    child.limits = limits
    return child.parse(path)


def shutdown() -> None:
    child = getattr(_local, "child", None)
    if child is not None:
        child.close()
        _local.child = None


if __name__ == "__main__":
    _child_main()
