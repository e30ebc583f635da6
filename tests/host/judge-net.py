#!/usr/bin/env python3
# tests/host/judge-net.py: the real-host test's oracle for the network.
#
# Reads `xenon-policy matrix` (who may talk, by tag), the plan's port
# tables (who sits on which switch, at which address) and the policy's
# whitelists, and the "net" lines the guests printed for one round; prints
# one "ok"/"FAIL" line per ordered pair and probe, and exits 1 on any
# mismatch.  Tag relation from the matrix; a shared switch and the
# whitelist (stateless: a whitelisted domain sends only to its entries, so
# it can answer nobody else) as docs/FLOWS.md defines them.
#
# Usage: judge-net.py MATRIX PORTS POLICY CONSOLE-LINES RUNNING
#   PORTS: the "ports" sections of `xenon-policy compile --flows`
#   CONSOLE-LINES: "XN-GUEST NAME net R ADDR ping=.. tcp80=.. tcp8080=.."
#   RUNNING: the names of the guests running during the round, one a line
import re
import sys
import xml.etree.ElementTree as ET

matrix_text, ports_text, policy_path, lines_path, running_path = sys.argv[1:6]

names, grid = {}, {}
section = None
for line in open(matrix_text):
    # The first host's section only: the suite's guests run on host1, and
    # each host's section numbers its own domains from 1.
    if line.startswith('Host '):
        section = 'host' if section is None else 'done'
        continue
    if section != 'host':
        continue
    m = re.match(r'\s+(\d+)\s{2}(\S+)\s', line)
    if m and not re.match(r'\s+\d+\s+(=|ok|x|X)\s', line):
        names[int(m.group(1))] = m.group(2)
        continue
    m = re.match(r'\s+(\d+)((\s+(=|ok|x|X))+)\s*$', line)
    if m:
        grid[int(m.group(1))] = m.group(2).split()
by_name = {v: k for k, v in names.items()}

def may_talk(a, b):
    return grid[by_name[a]][by_name[b] - 1] in ('ok', '=')

owner, subnet_of, addrs = {}, {}, {}
for line in open(ports_text):
    f = line.rstrip('\n').split('\t')
    if len(f) != 9:
        continue
    ip, dom = f[3], f[6]
    owner[ip] = dom
    addrs.setdefault(dom, []).append(ip)

ns = {'x': 'urn:xenonvmm:policy:1'}
white = {}
for d in ET.parse(policy_path).getroot().iter('{urn:xenonvmm:policy:1}domain'):
    nar = d.find('x:netAccessRestrictions', ns)
    if nar is not None and nar.get('whiteList') == 'true':
        white[d.get('name')] = [(a.get('address'), a.get('proto', 'any'), int(a.get('port', '0')))
                                for a in nar.findall('x:allow', ns)]

running = set(l.strip() for l in open(running_path) if l.strip()) | {'Domain-0'}

def net24(ip):
    return ip.rsplit('.', 1)[0]

def expect(src, dst_ip, probe):
    dst = owner.get(dst_ip)
    if dst is None or dst not in running:
        return 'fail'
    if not any(net24(a) == net24(dst_ip) for a in addrs.get(src, [])):
        return 'fail'                           # no shared switch
    if not may_talk(src, dst):
        return 'fail'                           # conflicting tags
    if dst == 'Domain-0' and probe != 'ping':
        return None                             # nothing listens there
    if dst in white:
        return 'fail'                           # it can answer nobody it may not send to
    if src in white:
        for a, proto, port in white[src]:
            if a == dst_ip and (proto in ('any',) or (proto == 'tcp' and probe == 'tcp%d' % port)):
                return 'ok'
        return 'fail'
    return 'ok'

bad = 0
seen = 0
for line in open(lines_path):
    m = re.match(r'XN-GUEST (\S+) net \d+ (\S+) ping=(\w+) tcp80=(\w+) tcp8080=(\w+)', line)
    if not m:
        continue
    src, dst_ip = m.group(1), m.group(2)
    for probe, got in (('ping', m.group(3)), ('tcp80', m.group(4)), ('tcp8080', m.group(5))):
        want = expect(src, dst_ip, probe)
        if want is None:
            continue
        seen += 1
        dst = owner.get(dst_ip, '?')
        if got == want:
            print('ok: %s → %s (%s) %s: %s' % (src, dst, dst_ip, probe, got))
        else:
            print('FAIL: %s → %s (%s) %s: %s, the policy says %s' % (src, dst, dst_ip, probe, got, want))
            bad += 1
print('judged %d probes, %d wrong' % (seen, bad))
sys.exit(1 if bad or seen == 0 else 0)
