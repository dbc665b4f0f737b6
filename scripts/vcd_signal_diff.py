#!/usr/bin/env python3
"""Which signals of two VCD files differ: per leaf signal name, how many signals' value streams (or declared
widths) differ. Used to check that a change touched only the signals it meant to, e.g.

    scripts/vcd_signal_diff.py before/yolo-tiny/wave.vcd after/yolo-tiny/wave.vcd
    -> yolo-tiny/wave.vcd {'ctrl': 3}
"""
import sys,re,collections
def parse(p):
    ids={}; scope=[]; changes=collections.defaultdict(list); widths={}
    t=0; inhdr=True
    for line in open(p):
        line=line.strip()
        if inhdr:
            if line.startswith('$scope'): scope.append(line.split()[2])
            elif line.startswith('$upscope'): scope.pop()
            elif line.startswith('$var'):
                f=line.split(); ids[f[3]]='.'.join(scope+[f[4]]); widths['.'.join(scope+[f[4]])]=int(f[2])
            elif line.startswith('$enddefinitions'): inhdr=False
            continue
        if line.startswith('#'): t=int(line[1:]); continue
        if line.startswith('$'): continue
        if line.startswith('b'):
            v,i=line[1:].split()
        elif line:
            v,i=line[0],line[1:]
        else: continue
        changes[ids[i]].append((t,int(v,2) if v not in 'xz' else v))
    return changes,widths
a,wa=parse(sys.argv[1]); b,wb=parse(sys.argv[2])
names=sorted(set(a)|set(b))
diff=collections.Counter()
for n in names:
    if a.get(n)!=b.get(n): diff[n.split('.')[-1]]+=1
for n in sorted(set(wa)|set(wb)):
    if wa.get(n)!=wb.get(n): diff['width:'+n.split('.')[-1]]+=1
print(sys.argv[1].split('/')[-2]+'/'+sys.argv[1].split('/')[-1], dict(diff))
