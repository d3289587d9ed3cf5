"""Per-message hops of bench/e2e/idle.sh, and the medians over its runs (no numbers or bodies read)."""
import datetime
import json
import re
import statistics
import sys


def instant(text):
    base, _, frac = text.rstrip('Z').partition('.')
    return datetime.datetime.fromisoformat(base + '+00:00').timestamp() + float('0.' + (frac or '0'))


def run(ids_file, records_file, label):
    ids = open(ids_file).read().split()
    created, submitted = {}, {}
    for line in open(records_file):
        topic, stamp, key, value = (line.rstrip('\n').split('\t', 3) + ['', '', ''])[:4]
        if topic in ('sms.approved', 'sms.sealed'):
            created.setdefault(key, {})[topic] = int(stamp.split(':')[1]) / 1000
        elif topic == 'sms.receipts' and '"SUBMITTED"' in value:
            r = json.loads(value)
            submitted[key] = (instant(r['acceptedAt']), instant(r['occurredAt']))
    totals, crypto, dispatch = [], [], []
    for m in ids:
        if m not in submitted or 'sms.sealed' not in created.get(m, {}):
            continue
        accepted, at = submitted[m]
        sealed = created[m]['sms.sealed']
        totals.append((at - accepted) * 1000)
        crypto.append((sealed - created[m].get('sms.approved', accepted)) * 1000)
        dispatch.append((at - sealed) * 1000)
    print(f"{label} n={len(totals)}/{len(ids)} accept->SUBMITTED median {statistics.median(totals):.0f} ms "
          f"max {max(totals):.0f} ms; approved->sealed max {max(crypto):.0f} ms; sealed->SUBMITTED max {max(dispatch):.0f} ms; "
          f"over 500 ms: {sum(t > 500 for t in totals)}")


def summary(results_file):
    by = {}
    for line in open(results_file):
        m = re.match(r'(poll-timeout=\d+ms) run=\d+ n=\S+ accept->SUBMITTED median (\d+) ms max (\d+) ms', line)
        if m:
            by.setdefault(m.group(1), []).append((int(m.group(2)), int(m.group(3))))
    for setting, runs in by.items():
        print(f"{setting}: {len(runs)} runs, median of medians "
              f"{statistics.median(r[0] for r in runs):.0f} ms, median of maxima {statistics.median(r[1] for r in runs):.0f} ms")


if __name__ == '__main__':
    if sys.argv[1] == '--summary':
        summary(sys.argv[2])
    else:
        run(*sys.argv[1:4])
