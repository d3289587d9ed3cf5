#!/usr/bin/env python3
"""Delivery rate per carrier and per country, from the sms.receipts topic.

Reads sms.receipts from the beginning to its end as of the start (it does not wait for new
receipts), keeps the last terminal receipt of each message, and prints per carrier and per country
how many accepted messages ended and how many of those were DELIVERED. REJECTED messages were never
accepted and are left out; messages with no terminal receipt yet are still in flight and left out.
Receipts hold no body and no phone number, so neither does anything this script sees.

    pip install confluent-kafka==2.16.1
    python3 delivery_rate.py --bootstrap 127.0.0.1:9092          # a table
    python3 delivery_rate.py --bootstrap 127.0.0.1:9092 --csv    # CSV, for a spreadsheet
"""
import argparse
import csv
import json
import sys
import uuid
from collections import defaultdict

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

TERMINAL = {"DELIVERED", "UNDELIVERED", "EXPIRED", "FAILED", "REJECTED"}
NO_CARRIER = "(none)"  # failed before reaching a carrier, e.g. the tenant's key was missing


def read_receipts(bootstrap, topic, timeout_s):
    """Yields every receipt of the topic, from the beginning to the end offsets taken at the start."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        # assign() joins no group and nothing is committed; the id is only required by the client.
        "group.id": "delivery-rate-" + uuid.uuid4().hex,
        "enable.auto.commit": False,
        "enable.partition.eof": True,
    })
    try:
        partitions = consumer.list_topics(topic, timeout=timeout_s).topics[topic].partitions
        if not partitions:
            raise SystemExit(f"topic {topic} not found on {bootstrap}")
        remaining = {}
        assignment = []
        for p in partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=timeout_s)
            if high > low:
                remaining[p] = high
                assignment.append(TopicPartition(topic, p, low))
        consumer.assign(assignment)
        while remaining:
            msg = consumer.poll(timeout_s)
            if msg is None:
                raise SystemExit(f"no record from {topic} in {timeout_s} s; still to read: {remaining}")
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    remaining.pop(msg.partition(), None)
                    continue
                raise KafkaException(msg.error())
            if msg.offset() + 1 >= remaining.get(msg.partition(), 0):
                remaining.pop(msg.partition(), None)
            if msg.value() is not None:
                yield json.loads(msg.value())
    finally:
        consumer.close()


def delivery_rates(receipts):
    """Rows (dimension, value, ended, delivered) from receipts in topic order."""
    final = {}       # messageId -> last terminal status
    carrier = {}     # messageId -> carrier, from whichever receipt names it
    country = {}
    for r in receipts:
        mid = r["messageId"]
        if r.get("carrier"):
            carrier[mid] = r["carrier"]
        if r.get("country"):
            country[mid] = r["country"]
        if r["status"] in TERMINAL:
            final[mid] = r["status"]  # the last one wins: a redelivered duplicate changes nothing
    counts = defaultdict(lambda: [0, 0])
    for mid, status in final.items():
        if status == "REJECTED":
            continue
        for key in (("carrier", carrier.get(mid, NO_CARRIER)), ("country", country.get(mid, "??"))):
            counts[key][0] += 1
            counts[key][1] += status == "DELIVERED"
    return [(dim, value, ended, delivered) for (dim, value), (ended, delivered) in sorted(counts.items())]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092", help="Kafka bootstrap servers")
    parser.add_argument("--topic", default="sms.receipts")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the broker")
    args = parser.parse_args()

    rows = delivery_rates(read_receipts(args.bootstrap, args.topic, args.timeout))
    if args.csv:
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(["dimension", "value", "ended", "delivered", "delivery_rate"])
        for dim, value, ended, delivered in rows:
            out.writerow([dim, value, ended, delivered, f"{delivered / ended:.4f}"])
    else:
        print(f"{'dimension':<10} {'value':<12} {'ended':>6} {'delivered':>9} {'rate':>7}")
        for dim, value, ended, delivered in rows:
            print(f"{dim:<10} {value:<12} {ended:>6} {delivered:>9} {delivered / ended:>7.1%}")


if __name__ == "__main__":
    main()
