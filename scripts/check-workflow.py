#!/usr/bin/env python3
"""Checks the shape of the GitHub Actions workflow (.github/workflows/ci.yml),
which cannot run here: it runs on Linux, Windows and macOS, the Linux job runs
`make test` (the same command as .ci/run) and every job checks out the code.
Run by `make lint`; needs PyYAML (python3-yaml, installed by scripts/deps.sh)."""

import re
import sys
from pathlib import Path

try:
    import yaml
except ImportError:
    sys.exit("check-workflow: PyYAML is missing: run scripts/deps.sh (Debian package python3-yaml)")

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "ci.yml"
MATRIX_REF = re.compile(r"^\$\{\{\s*matrix\.(\w+)\s*\}\}$")


def runners(job: dict) -> list[str]:
    """The runner labels a job runs on, with `${{ matrix.x }}` expanded."""
    runs_on = job.get("runs-on")
    labels = runs_on if isinstance(runs_on, list) else [runs_on]
    out = []
    for label in labels:
        ref = MATRIX_REF.match(str(label))
        if ref:
            values = (job.get("strategy") or {}).get("matrix", {}).get(ref.group(1))
            out.extend(str(v) for v in values or [label])
        else:
            out.append(str(label))
    return out


def problems(workflow: dict) -> list[str]:
    jobs = workflow.get("jobs") if isinstance(workflow, dict) else None
    if not isinstance(jobs, dict) or not jobs:
        return ["no jobs"]
    found = []
    linux_runs_make_test = False
    for name, job in jobs.items():
        steps = job.get("steps") or []
        if not any(str(s.get("uses", "")).startswith("actions/checkout@") for s in steps):
            found.append(f"job {name!r} does not check out the code (actions/checkout)")
        labels = runners(job)
        if any(label.startswith("ubuntu-") for label in labels):
            if any(re.search(r"^\s*make test\s*$", str(s.get("run", "")), re.M) for s in steps):
                linux_runs_make_test = True
    every_label = [label for job in jobs.values() for label in runners(job)]
    for system in ("ubuntu", "windows", "macos"):
        if not any(label.startswith(f"{system}-") for label in every_label):
            found.append(f"no job runs on {system} (runs-on labels: {', '.join(every_label)})")
    if not linux_runs_make_test:
        found.append("no ubuntu job runs `make test`")
    return found


def main() -> int:
    try:
        workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        print(f"check-workflow: {WORKFLOW}: {e}", file=sys.stderr)
        return 1
    found = problems(workflow)
    for p in found:
        print(f"check-workflow: {WORKFLOW.name}: {p}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
