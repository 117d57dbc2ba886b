"""Where the CPU of a load test goes: gunicorn workers, PostgreSQL backends, the load client, anything else.

    python tools/load_cpu_split.py STOPFILE > split.txt &   # then run `skillsnet bench --reuse --load ...`
    touch STOPFILE                                           # when it ends: the split is printed

Samples utime + stime of every process in /proc every second until STOPFILE exists (processes started after the
first sample count whole); divide by the requests in the server's access log for CPU per request (wave 2, eleventh
session in README.md).
"""
import os, sys, time, json
TCK = os.sysconf("SC_CLK_TCK")
def group(pid):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
        comm = open(f"/proc/{pid}/comm").read().strip()
    except OSError:
        return None
    if "gunicorn" in cmd or " serve" in cmd:
        return "gunicorn"
    if comm == "postgres" or cmd.startswith("postgres"):
        return "postgres"
    if "bench" in cmd and "--load" in cmd:
        return "load client"
    return "other:" + comm + ":" + cmd[:60]
def ticks(pid):
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    except OSError:
        return None
first, last, grp = {}, {}, {}
stop = sys.argv[1]
t0 = time.time(); idle0 = open("/proc/stat").readline().split()
while not os.path.exists(stop):
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        t = ticks(p)
        if t is None:
            continue
        if p not in first:
            g = group(p)
            if g is None: continue
            grp[p] = g
            first[p] = t if time.time() - t0 < 0.5 else 0
        last[p] = t
    time.sleep(1)
tot = {}
for p in last:
    tot[grp[p]] = tot.get(grp[p], 0) + (last[p] - first[p]) / TCK
el = time.time() - t0
print(f"elapsed {el:.1f}s")
for g, s in sorted(tot.items(), key=lambda x: -x[1]):
    if s > 0.05:
        print(f"{g:30} {s:8.1f} s CPU  {s/el:5.2f} cores")
