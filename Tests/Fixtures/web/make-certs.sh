#!/usr/bin/env bash
# Creates the local CA chain the nginx fixture serves, in DIR (idempotent: skips when done):
#   root.pem          Vantage Test Root CA (the trust anchor tests pass as caFile)
#   intermediate.pem  Vantage Test Intermediate CA, signed by the root
#   <name>.key/.pem   leaf certificates; <name>-chain.pem = leaf + intermediate
#     valid        RSA 2048, localhost/valid.test/127.0.0.1/::1, valid for a year
#     expiring     EC P-256, expires in 5 days (inside a 14-day warning window)
#     expired      valid from 60 days ago until yesterday
#     notyet       valid from 10 days ahead
#     wronghost    names only wrong.test
#     selfsigned   self-signed localhost certificate (no CA)
#   The missing-intermediate server sends valid.pem alone.
set -euo pipefail
dir=${1:?usage: make-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
[ -f done ] && exit 0

stamp() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

cat > ca.cnf <<CONF
[ ca ]
default_ca = local
[ local ]
dir = .
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = anything
copy_extensions = copy
unique_subject = no
[ anything ]
commonName = supplied
organizationName = optional
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CONF
mkdir -p issued
: > index.txt
echo 1000 > serial

openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -days 3650 -sha256 \
  -subj "/O=Vantage Tests/CN=Vantage Test Root CA" -addext "basicConstraints=critical,CA:true" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout intermediate.key -out intermediate.csr \
  -subj "/O=Vantage Tests/CN=Vantage Test Intermediate CA" 2>/dev/null
openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -extensions v3_ca \
  -startdate "$(stamp '-1 day')" -enddate "$(stamp '+3000 days')" -in intermediate.csr -out intermediate.pem 2>/dev/null

# leaf NAME KEYSPEC START END SANS
leaf() {
  local name=$1 key=$2 start=$3 end=$4 sans=$5
  if [ "$key" = ec ]; then
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$name.key" -out "$name.csr" \
      -subj "/O=Vantage Tests/CN=${name}.test" -addext "subjectAltName=$sans" 2>/dev/null
  else
    openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
      -subj "/O=Vantage Tests/CN=${name}.test" -addext "subjectAltName=$sans" 2>/dev/null
  fi
  openssl ca -batch -config ca.cnf -cert intermediate.pem -keyfile intermediate.key -extensions v3_leaf \
    -startdate "$(stamp "$start")" -enddate "$(stamp "$end")" -in "$name.csr" -out "$name.pem" 2>/dev/null
  cat "$name.pem" intermediate.pem > "$name-chain.pem"
}

local_names="DNS:localhost,DNS:valid.test,IP:127.0.0.1,IP:::1"
leaf valid rsa '-1 day' '+365 days' "$local_names"
leaf expiring ec '-30 days' '+5 days' "$local_names"
leaf expired ec '-60 days' '-1 day' "$local_names"
leaf notyet ec '+10 days' '+400 days' "$local_names"
leaf wronghost ec '-1 day' '+365 days' "DNS:wrong.test"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout selfsigned.key -out selfsigned.pem \
  -days 365 -subj "/O=Vantage Tests/CN=localhost" -addext "subjectAltName=$local_names" 2>/dev/null
cp selfsigned.pem selfsigned-chain.pem
touch done
