#!/bin/sh
# Webhook TLS without cert-manager: makes a private CA and a serving certificate for the decider's webhook with
# openssl, stores them as the Secret the decider mounts, and puts the CA into the MutatingWebhookConfiguration.
# Re-run it to rotate (then restart the decider: kubectl -n spotwise rollout restart deployment/spotwise-decider).
#
#   k8s/webhook-self-signed.sh                       # for the base in namespace spotwise, using kubectl
#   k8s/webhook-self-signed.sh --dns decider --out /certs --no-kubectl   # files only (docker-compose)
#
# Files in --out: ca.crt, ca.key, tls.crt, tls.key (PKCS#8), ca-bundle.b64 (the caBundle value).
# POSIX sh + openssl (+ kubectl unless --no-kubectl), so it also runs in a minimal container.
set -eu

NAMESPACE=spotwise
SERVICE=spotwise-decider-webhook
SECRET=spotwise-decider-webhook-tls
WEBHOOK_CONFIG=spotwise-decider
OUT=./webhook-tls
DAYS=365
EXTRA_DNS=""
USE_KUBECTL=true

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit "$1"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --namespace) NAMESPACE="$2"; shift 2 ;;
        --service) SERVICE="$2"; shift 2 ;;
        --dns) EXTRA_DNS="$EXTRA_DNS $2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --days) DAYS="$2"; shift 2 ;;
        --no-kubectl) USE_KUBECTL=false; shift ;;
        -h|--help) usage 0 ;;
        *) echo "webhook-self-signed.sh: unknown option $1" >&2; usage 2 ;;
    esac
done

command -v openssl >/dev/null 2>&1 || { echo "webhook-self-signed.sh: openssl is required" >&2; exit 1; }
mkdir -p "$OUT"
umask 077

SAN="DNS:$SERVICE.$NAMESPACE.svc,DNS:$SERVICE.$NAMESPACE.svc.cluster.local"
for name in $EXTRA_DNS; do
    SAN="$SAN,DNS:$name"
done

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
    -subj "/CN=spotwise-webhook-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$OUT/ca.key" -out "$OUT/ca.crt" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/tls.key" 2>/dev/null
openssl req -new -key "$OUT/tls.key" -subj "/CN=$SERVICE.$NAMESPACE.svc" -out "$OUT/tls.csr"
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n' \
    "$SAN" > "$OUT/tls.ext"
openssl x509 -req -in "$OUT/tls.csr" -CA "$OUT/ca.crt" -CAkey "$OUT/ca.key" -CAcreateserial -sha256 \
    -days "$DAYS" -extfile "$OUT/tls.ext" -out "$OUT/tls.crt" 2>/dev/null
rm -f "$OUT/tls.csr" "$OUT/tls.ext" "$OUT/ca.srl"
# Certificates are public; the keys stay 0600 (docker-compose hands them to uid 10001 with chown).
chmod 0644 "$OUT/tls.crt" "$OUT/ca.crt"
openssl base64 -A -in "$OUT/ca.crt" > "$OUT/ca-bundle.b64"
echo "webhook-self-signed.sh: certificate for $SAN written to $OUT (valid $DAYS days)"

if [ "$USE_KUBECTL" = true ]; then
    kubectl -n "$NAMESPACE" create secret tls "$SECRET" --cert="$OUT/tls.crt" --key="$OUT/tls.key" \
        --dry-run=client -o yaml | kubectl apply -f -
    kubectl patch mutatingwebhookconfiguration "$WEBHOOK_CONFIG" --type=json \
        -p "[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$(cat "$OUT/ca-bundle.b64")\"}]"
    echo "webhook-self-signed.sh: Secret $NAMESPACE/$SECRET and the caBundle of $WEBHOOK_CONFIG updated"
fi
