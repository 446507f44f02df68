#!/usr/bin/env python3
"""Regenerate the README's example outputs from the real binary.

For every heading "### `soaek ARGS`" the first plain ``` block after it is replaced by
what `soaek ARGS` prints (80 columns, Korean, run from the repository root). A block
followed by "(발췌.)" keeps as many lines as it had: it is an excerpt. A block whose
first line starts with "$ soaek" is regenerated from that command line.

Usage: tools/readme_examples.py [path/to/soaek]   (default: target/debug/soaek)
"""
import os, re, shlex, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target/debug/soaek")
env = dict(os.environ, COLUMNS="80")
env.pop("SOAEK_LEDGER", None)
ledger = os.path.join(tempfile.mkdtemp(), "ledger")


def run(args):
    out = subprocess.run([binary, "--ledger", ledger] + args, cwd=root, env=env,
                         capture_output=True, text=True)
    return out.stdout.rstrip("\n")


path = os.path.join(root, "README.md")
lines = open(path).read().split("\n")
out, i, pending = [], 0, None
while i < len(lines):
    line = lines[i]
    m = re.match(r"^### `soaek ([^`]*)`", line)
    if m:
        pending = shlex.split(m.group(1))
    if line.startswith("```") and line != "```":
        # A block with a language (sh, toml, json): copied as it is.
        end = lines.index("```", i + 1)
        out.extend(lines[i:end + 1])
        i = end + 1
        continue
    if line == "```" and i + 1 < len(lines):
        end = lines.index("```", i + 1)
        block = lines[i + 1:end]
        command = None
        commands = [l for l in block if l.startswith("$ ")]
        if len(commands) == 1 and block[0].startswith("$ soaek ") and "|" not in block[0]:
            command = shlex.split(block[0][len("$ soaek "):])
        elif commands:
            pending = None  # several commands or a pipe: left as written
        elif pending is not None:
            command = pending
        pending = None
        if command is not None and command[0] not in ("import", "list"):
            new = run(command).split("\n")
            excerpt = end + 1 < len(lines) and lines[end + 1].startswith("(발췌")
            if block and block[0].startswith("$ soaek "):
                keep = [l for l in block[1:] if l != "…"]
                new = [block[0], "…"] + [l for l in new if any(l.strip() and l.strip()[:12] in k for k in keep)] if "…" in block else [block[0]] + new
            elif excerpt:
                new = new[:len(block)]
            out.append("```")
            out.extend(new)
            out.append("```")
            i = end + 1
            continue
        out.extend(lines[i:end + 1])
        i = end + 1
        continue
    out.append(line)
    i += 1
open(path, "w").write("\n".join(out))
