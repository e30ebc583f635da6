# tests/lib/pki.sh: a test PKI for signing policies, for the shell tests.
# Source it, then: xn_make_pki DIR [NAME]
#   DIR/ca.key, DIR/ca.pem          a CA, the hosts' trust anchor
#   DIR/signer.key, DIR/signer.pem  a security officer's signing certificate
# (xmlsec with GnuTLS does not find a self-signed signer, so a CA signs it;
# PLATFORM.md.)  Returns non-zero if certtool fails.

xn_make_pki() {
    _d=$1 _n=${2:-Xenon test}
    mkdir -p "$_d" || return 1
    printf 'cn = "%s CA"\nca\ncert_signing_key\nexpiration_days = 30\n' "$_n" > "$_d/ca.tmpl"
    printf 'cn = "%s Security Officer"\nsigning_key\nexpiration_days = 30\n' "$_n" > "$_d/signer.tmpl"
    certtool -p --key-type rsa --bits 2048 --outfile "$_d/ca.key" 2>/dev/null &&
    certtool -s --load-privkey "$_d/ca.key" --template "$_d/ca.tmpl" \
        --outfile "$_d/ca.pem" 2>/dev/null &&
    certtool -p --key-type rsa --bits 2048 --outfile "$_d/signer.key" 2>/dev/null &&
    certtool -c --load-privkey "$_d/signer.key" --load-ca-certificate "$_d/ca.pem" \
        --load-ca-privkey "$_d/ca.key" --template "$_d/signer.tmpl" \
        --outfile "$_d/signer.pem" 2>/dev/null
}
