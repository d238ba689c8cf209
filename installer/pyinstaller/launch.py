"""The frozen executable's entry point: the GUI, the SIP engine (--engine), the self-test,
and the MSI's provisioning writer (--write-provisioning), which runs as SYSTEM at install."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# the MSI passes these values in this order (installer/windows/homeagent.wxs, WriteProvisioning)
MSI_KEYS = (
    "api.url",
    "sip.domain",
    "sip.registrar",
    "sip.transport",
    "sip.outbound_proxy",
    "sip.srtp",
    "dialplan.country",
    "logging.level",
    "updates.channel",
)


def render_provisioning(values: dict[str, str]) -> str:
    """TOML for flat `section.key -> text` values (JSON string escapes are valid TOML)."""
    sections: dict[str, list[str]] = {}
    for key, value in values.items():
        section, name = key.split(".", 1)
        sections.setdefault(section, []).append(f"{name} = {json.dumps(value)}")
    lines = ["# Written by the HomeAgent installer from its properties; docs/PROVISIONING.md"]
    for section, entries in sections.items():
        lines += ["", f"[{section}]", *entries]
    return "\n".join(lines) + "\n"


def write_provisioning(argv: list[str]) -> int:
    """`--write-provisioning FILE VALUE...`: values in MSI_KEYS order, empty ones left out.
    The file is validated like at start-up before it replaces the old one: a bad value
    fails the install (exit 2) with the key named, instead of a broken first start."""
    from homeagent import config
    from homeagent.domain.errors import ConfigError

    if not argv:
        print("usage: --write-provisioning FILE VALUE...", file=sys.stderr)
        return 2
    path = Path(argv[0])
    given = [v.strip() for v in argv[1:]]
    values = {k: v for k, v in zip(MSI_KEYS, given, strict=False) if v}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    tmp.write_text(render_provisioning(values), encoding="utf-8")
    try:
        config.read_provisioning(tmp)
    except ConfigError as exc:
        tmp.unlink()
        print(f"HomeAgent: provisioning not written: {exc.key}: {exc.problem}", file=sys.stderr)
        return 2
    tmp.replace(path)
    return 0


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--write-provisioning"]:
        return write_provisioning(args[1:])
    if "--self-test" in args:
        from homeagent.selftest import cli

        return cli(args)
    from homeagent.__main__ import main as homeagent_main

    return homeagent_main()


if __name__ == "__main__":
    sys.exit(main())
