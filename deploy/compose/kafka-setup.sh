#!/bin/sh
# One-shot, as admin: the flow topic and the least-privilege ACLs (shipper produces, observe
# consumes with its group; nothing else is allowed: the broker denies what no ACL grants).
set -eu
bin=/opt/kafka/bin
admin="--bootstrap-server kafka:9092 --command-config /secrets/admin.properties"
$bin/kafka-topics.sh $admin --create --if-not-exists --topic flows --partitions 1
$bin/kafka-acls.sh $admin --add --allow-principal User:shipper \
  --operation Write --operation Describe --topic flows
$bin/kafka-acls.sh $admin --add --allow-principal User:observe \
  --operation Read --operation Describe --topic flows
$bin/kafka-acls.sh $admin --add --allow-principal User:observe --operation Read --group netpol-compose
$bin/kafka-acls.sh $admin --list --topic flows
