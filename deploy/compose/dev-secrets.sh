#!/bin/sh
# Development secrets for docker-compose.yml, made at start-up into the volume mounted at $OUT
# (default /secrets), never committed: a CA, the broker's TLS key pair signed by it (names kafka and
# localhost), random SCRAM-SHA-512 passwords for admin, shipper and observe, and one client
# properties file per user. Runs once per volume (`docker compose down -v` makes new ones).
# Needs keytool (any JRE). Files are owned by the user that reads them and hidden from others.
set -eu
OUT=${OUT:-/secrets}
KAFKA_UID=${KAFKA_UID:-$(id -u appuser 2>/dev/null || echo 1000)}   # the apache/kafka image's user
OBSERVE_UID=${OBSERVE_UID:-10001}                                   # the netpol-recommend image's user
KEYTOOL=$(command -v keytool || echo "${JAVA_HOME:-/opt/java/openjdk}/bin/keytool")
cd "$OUT"
if [ -f .complete ]; then
  echo "dev secrets already in $OUT"
  exit 0
fi
umask 077
password() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }

store=$(password)
"$KEYTOOL" -genkeypair -alias ca -dname "CN=netpol-recommend dev CA" -keyalg EC -groupname secp256r1 \
  -validity 825 -ext bc:c -keystore ca.p12 -storetype PKCS12 -storepass "$store" -keypass "$store"
"$KEYTOOL" -exportcert -rfc -alias ca -keystore ca.p12 -storepass "$store" -file ca.crt
"$KEYTOOL" -genkeypair -alias kafka -dname "CN=kafka" -keyalg EC -groupname secp256r1 -validity 825 \
  -keystore kafka.p12 -storetype PKCS12 -storepass "$store" -keypass "$store"
"$KEYTOOL" -certreq -alias kafka -keystore kafka.p12 -storepass "$store" -file kafka.csr
"$KEYTOOL" -gencert -alias ca -keystore ca.p12 -storepass "$store" -infile kafka.csr -outfile kafka.crt \
  -rfc -validity 825 -ext san=dns:kafka,dns:localhost -ext eku=serverAuth,clientAuth
"$KEYTOOL" -importcert -noprompt -alias ca -file ca.crt -keystore kafka.p12 -storepass "$store"
"$KEYTOOL" -importcert -noprompt -alias kafka -file kafka.crt -keystore kafka.p12 -storepass "$store"
printf '%s' "$store" > kafka.password
rm -f kafka.csr kafka.crt ca.p12   # the CA key is not needed again: new secrets mean a new CA

for user in admin shipper observe; do
  secret=$(password)
  printf '%s' "$secret" > "$user.password"
  cat > "$user.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$user" password="$secret";
ssl.truststore.type=PEM
ssl.truststore.location=$OUT/ca.crt
PROPERTIES
done

chmod 644 ca.crt                        # public: every client needs it
chown "$KAFKA_UID" kafka.p12 kafka.password admin.password admin.properties shipper.password \
  shipper.properties observe.password 2>/dev/null || true
chown "$OBSERVE_UID" observe.properties 2>/dev/null || true
chmod 600 kafka.p12 ./*.password ./*.properties
touch .complete
echo "dev secrets written to $OUT"
