#!/bin/sh
# The compose file's Kafka: one KRaft node whose only network listener is SASL_SSL (SCRAM-SHA-512
# over TLS, the certificates and passwords from dev-secrets.sh), with ACLs enforced. The controller
# listener is plaintext but bound to localhost inside this container.
set -eu
S=/secrets
CONFIG=/tmp/server.properties
umask 077
cat > "$CONFIG" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
controller.listener.names=CONTROLLER
listeners=SASL_SSL://:9092,CONTROLLER://localhost:9093
advertised.listeners=SASL_SSL://kafka:9092
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$(cat $S/admin.password)";
ssl.keystore.type=PKCS12
ssl.keystore.location=$S/kafka.p12
ssl.keystore.password=$(cat $S/kafka.password)
ssl.truststore.type=PEM
ssl.truststore.location=$S/ca.crt
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
# admin: the broker itself and the setup service. ANONYMOUS: only the controller listener, which
# nothing outside this container can reach.
super.users=User:admin;User:ANONYMOUS
log.dirs=/tmp/kraft-combined-logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES
if [ ! -f /tmp/kraft-combined-logs/meta.properties ]; then
  /opt/kafka/bin/kafka-storage.sh format --config "$CONFIG" \
    --cluster-id "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$(cat $S/admin.password)]" \
    --add-scram "SCRAM-SHA-512=[name=shipper,password=$(cat $S/shipper.password)]" \
    --add-scram "SCRAM-SHA-512=[name=observe,password=$(cat $S/observe.password)]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
