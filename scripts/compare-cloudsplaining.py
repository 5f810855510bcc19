#!/usr/bin/env python3
# Compares Posture with cloudsplaining on one authorization-details file (docs/cloudsplaining-comparison.md).
# Usage: scripts/compare-cloudsplaining.py AUTHZ.json CLOUDSPLAINING-FINDINGS.json [POSTURE-BINARY]
import json, sys, subprocess, collections
authz, csfile = sys.argv[1], sys.argv[2]
cs = json.load(open(csfile))
post = json.loads(subprocess.run([sys.argv[3] if len(sys.argv) > 3 else 'target/release/posture','check','--format','json',authz],capture_output=True,text=True).stdout)
# cloudsplaining: per policy privesc types
pol = {}
for kind in ('customer_managed_policies','aws_managed_policies'):
    for pid, p in cs[kind].items():
        pol[(kind, pid)] = {x['type'] for x in p.get('PrivilegeEscalation',{}).get('findings',[])} if isinstance(p.get('PrivilegeEscalation'),dict) else set()
inl = {pid: ({x['type'] for x in p.get('PrivilegeEscalation',{}).get('findings',[])} if isinstance(p.get('PrivilegeEscalation'),dict) else set()) for pid,p in cs['inline_policies'].items()}
def cs_principal(p, groups):
    s=set()
    for pid in p.get('customer_managed_policies',{}): s|=pol.get(('customer_managed_policies',pid),set())
    for pid in p.get('aws_managed_policies',{}): s|=pol.get(('aws_managed_policies',pid),set())
    for pid in p.get('inline_policies',{}): s|=inl.get(pid,set())
    return s
rows=[]
for kind in ('users','groups','roles'):
    for pid,p in cs[kind].items():
        if p.get('is_excluded'): continue
        s=cs_principal(p,None)
        if kind=='users':
            for g in p.get('groups',{}).values():
                s|=cs_principal(g,None)
        rows.append((kind[:-1], p['name'], s))
pf=collections.defaultdict(set)
for f in post['findings']:
    if f['rule'] in ('privilege-escalation','admin-access') and f['message'].split(' ')[0] in ('user','group','role'):
        pf[(f['message'].split(' ')[0], f['resource'])].add(f['rule']+':'+f['severity'])
both=cs_only=po_only=neither=0
out=[]
for kind,name,s in rows:
    p=pf.get((kind,name),set())
    if s and p: both+=1
    elif s: cs_only+=1; out.append(('cloudsplaining only',kind,name,sorted(s),sorted(p)))
    elif p: po_only+=1; out.append(('posture only',kind,name,sorted(s),sorted(p)))
    else: neither+=1
print(f'principals compared: {len(rows)}; both flag escalation/admin: {both}; cloudsplaining only: {cs_only}; posture only: {po_only}; neither: {neither}')
for o in out: print('\t'.join(map(str,o)))

# Per policy: customer-managed and inline documents (AWS managed ones are not the account's).
print()
pairs = [('PrivilegeEscalation', 'privilege-escalation'), ('DataExfiltration', 'data-exfiltration'),
         ('CredentialsExposure', 'credentials-exposure'), ('ServiceWildcard', 'service-wildcard')]
posture_by_policy = collections.defaultdict(set)
for f in post['findings']:
    if f['message'].split(' ')[0] not in ('user', 'group', 'role'):
        posture_by_policy[f['resource']].add(f['rule'])
docs = []
for pid, p in cs['customer_managed_policies'].items():
    docs.append(('managed', p['PolicyName'], p))
# inline: cloudsplaining keys inline policies by hash; names via principals
inline_names = {}
for kind in ('users', 'groups', 'roles'):
    for p in cs[kind].values():
        for h, n in p.get('inline_policies', {}).items():
            inline_names.setdefault(h, []).append(f"{p['name']}/{n}")
for h, p in cs['inline_policies'].items():
    for n in inline_names.get(h, []):
        docs.append(('inline', n, p))
for cat, rule in pairs:
    b = c = q = n = 0
    diff = []
    for kind, name, p in docs:
        v = p.get(cat)
        has_c = bool(v.get('findings') if isinstance(v, dict) else v)
        has_p = rule in posture_by_policy.get(name, set())
        if has_c and has_p: b += 1
        elif has_c: c += 1; diff.append(('cloudsplaining only', name))
        elif has_p: q += 1; diff.append(('posture only', name))
        else: n += 1
    print(f'{cat} / {rule}: {len(docs)} documents; both {b}; cloudsplaining only {c}; posture only {q}; neither {n}')
    for d in diff: print('\t', *d)
