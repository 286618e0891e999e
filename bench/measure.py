"""Run one command and print its wall seconds, peak RSS and exit status as JSON.

The benchmark harness starts this small process, which starts the command: a child forked from
a large process inherits that process's peak RSS in the kernel's accounting (ru_maxrss counts
the pages it had before exec), so the measured command must be the child of something small.
"""

import json
import os
import subprocess
import sys
import time

started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started, "peak_kb": usage.ru_maxrss,
                  "returncode": os.waitstatus_to_exitcode(status)}))  # fmt: skip
