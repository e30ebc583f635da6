/* xn-sign-private.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * What the signing files share: the namespaces and algorithm URIs, the
 * ECDSA key data (xn-sign-ecdsa.c) the signer and the verifier hand to
 * xmlsec, and the helpers of xn-sign.c that signing (xn-signer.c) and
 * verification (xn-trust.c) both use.
 */

#pragma once

#include <glib.h>

#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <xmlsec/xmlsec.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/keys.h>
#include <xmlsec/keysdata.h>
#include <xmlsec/templates.h>
#include <xmlsec/transforms.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmltree.h>
#include <xmlsec/gnutls/app.h>
#include <xmlsec/gnutls/crypto.h>
#include <xmlsec/gnutls/x509.h>

#include "xn-sign.h"

G_BEGIN_DECLS

#define XN_POLICY_NS   "urn:xenonvmm:policy:1"
#define DSIG_NS        "http://www.w3.org/2000/09/xmldsig#"
#define HREF_EXC_C14N  "http://www.w3.org/2001/10/xml-exc-c14n#"
#define HREF_ENVELOPED "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
#define HREF_RSA256    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
#define HREF_ECDSA256  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
#define HREF_SHA256    "http://www.w3.org/2001/04/xmlenc#sha256"

#define P256_BYTES 32

typedef struct
{
  gnutls_privkey_t priv;
  gnutls_pubkey_t  pub;
} XnEcKey;

#define XN_EC_KEY_SIZE (sizeof (xmlSecKeyData) + sizeof (XnEcKey))
#define XN_EC_KEY(data) ((XnEcKey *) (((guint8 *) (data)) + sizeof (xmlSecKeyData)))

extern xmlSecKeyDataKlass   _xn_ec_key_klass;
extern xmlSecTransformKlass _xn_ecdsa_klass;

const char *_xn_sign_xmlsec_last_error      (void);
void        _xn_sign_xmlsec_clear_error     (void);
char       *_xn_sign_crt_dn                 (gnutls_x509_crt_t   crt,
                                             gboolean            issuer);
char       *_xn_sign_crt_fingerprint        (gnutls_x509_crt_t   crt);
char       *_xn_sign_crt_serial             (gnutls_x509_crt_t   crt);
gboolean    _xn_sign_is_dsig                (xmlNode            *node,
                                             const char         *name);
gboolean    _xn_sign_check_document_element (xmlDoc             *doc,
                                             GError            **error);
gboolean    _xn_sign_check_forbidden_nodes  (xmlDoc             *doc,
                                             GPtrArray          *signatures,
                                             GError            **error);
gboolean    _xn_sign_read_file_datum        (const char         *path,
                                             int                 code,
                                             char              **contents,
                                             gsize              *len,
                                             GError            **error);
void        _xn_sign_free_crt_list          (gnutls_x509_crt_t  *list,
                                             guint               n);

G_END_DECLS
