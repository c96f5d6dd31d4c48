#!/usr/bin/env python3
"""Adds up the Surefire/Failsafe XML reports of every module (and the console's end-to-end test,
node:test's JUnit XML under frontend/target/e2e-reports/) and vitest's counts into one line:
'N passed, N failed, N skipped'."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
passed = failed = skipped = 0
for path in glob.glob(os.path.join(root, "**", "target", "*-reports*", "TEST-*.xml"), recursive=True):
    if "node_modules" in path:
        continue
    try:
        suite = ET.parse(path).getroot()
    except ET.ParseError:
        failed += 1
        continue
    if suite.tag == "testsuites" and suite.get("tests") is None:
        # node:test's JUnit reporter: a bare <testsuites> root; count its test cases one by one
        cases = list(suite.iter("testcase"))
        tests = len(cases)
        f = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
        s = sum(1 for c in cases if c.find("skipped") is not None)
    else:
        tests = int(suite.get("tests", 0))
        f = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        s = int(suite.get("skipped", 0))
    passed += tests - f - s
    failed += f
    skipped += s
if len(sys.argv) > 2 and os.path.exists(sys.argv[2]):
    text = re.sub(r"\x1b\[[0-9;]*m", "", open(sys.argv[2], encoding="utf-8", errors="replace").read())
    m = re.search(r"^\s*Tests\s+(.*)$", text, re.M)
    if m:
        for n, word in re.findall(r"(\d+) (passed|failed|skipped|todo)", m.group(1)):
            if word == "passed":
                passed += int(n)
            elif word == "failed":
                failed += int(n)
            else:
                skipped += int(n)
    elif "FAIL" in text or "Error" in text:
        failed += 1
print(f"Summary: {passed} passed, {failed} failed, {skipped} skipped")
