/* xn-sign.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/**
 * XN_SIGN_ERROR:
 *
 * Error domain of signing and verification. Errors are #XnSignError values.
 */
#define XN_SIGN_ERROR (xn_sign_error_quark ())

/**
 * XnSignError:
 * @XN_SIGN_ERROR_FAILED: xmlsec or GnuTLS failed for another reason.
 * @XN_SIGN_ERROR_INIT: xmlsec or GnuTLS could not be initialised.
 * @XN_SIGN_ERROR_KEY: the private key file is unreadable or unsupported.
 * @XN_SIGN_ERROR_CERTIFICATE: the certificate file is unreadable or invalid.
 * @XN_SIGN_ERROR_KEY_MISMATCH: the private key does not belong to the
 *   signer certificate.
 * @XN_SIGN_ERROR_TRUST: the trust directory or a file in it is unusable.
 * @XN_SIGN_ERROR_PARSE: the bytes are not well-formed XML.
 * @XN_SIGN_ERROR_FORBIDDEN: the document has a DOCTYPE, entities, comments
 *   or processing instructions.
 * @XN_SIGN_ERROR_WRONG_DOCUMENT: the document element is not `policy` in
 *   the namespace `urn:xenonvmm:policy:1`.
 * @XN_SIGN_ERROR_UNSIGNED: the document has no signature.
 * @XN_SIGN_ERROR_MULTIPLE_SIGNATURES: the document has more than one
 *   signature.
 * @XN_SIGN_ERROR_MISPLACED: the signature is not a child of the document
 *   element.
 * @XN_SIGN_ERROR_BAD_REFERENCE: the signature does not have exactly one
 *   Reference, or its URI is not "" (the whole document).
 * @XN_SIGN_ERROR_BAD_TRANSFORM: the transforms are not exactly
 *   enveloped-signature then exclusive C14N, or SignedInfo is not
 *   canonicalised with exclusive C14N.
 * @XN_SIGN_ERROR_BAD_ALGORITHM: the signature or digest algorithm is not
 *   RSA-SHA256/ECDSA-SHA256 and SHA-256, or does not fit the key.
 * @XN_SIGN_ERROR_MALFORMED: the Signature element has an unexpected shape.
 * @XN_SIGN_ERROR_UNTRUSTED_KEY: the key is not given as an X.509
 *   certificate, or the certificate may not sign.
 * @XN_SIGN_ERROR_UNKNOWN_SIGNER: the signer certificate does not chain to
 *   the trust directory.
 * @XN_SIGN_ERROR_EXPIRED: a certificate of the signer has expired.
 * @XN_SIGN_ERROR_NOT_YET_VALID: a certificate of the signer is not valid
 *   yet.
 * @XN_SIGN_ERROR_TAMPERED: the signed content or SignedInfo was changed
 *   after signing: the digest or the signature value does not match.
 *
 * Why a signature was refused or could not be made.
 */
typedef enum
{
  XN_SIGN_ERROR_FAILED,
  XN_SIGN_ERROR_INIT,
  XN_SIGN_ERROR_KEY,
  XN_SIGN_ERROR_CERTIFICATE,
  XN_SIGN_ERROR_KEY_MISMATCH,
  XN_SIGN_ERROR_TRUST,
  XN_SIGN_ERROR_PARSE,
  XN_SIGN_ERROR_FORBIDDEN,
  XN_SIGN_ERROR_WRONG_DOCUMENT,
  XN_SIGN_ERROR_UNSIGNED,
  XN_SIGN_ERROR_MULTIPLE_SIGNATURES,
  XN_SIGN_ERROR_MISPLACED,
  XN_SIGN_ERROR_BAD_REFERENCE,
  XN_SIGN_ERROR_BAD_TRANSFORM,
  XN_SIGN_ERROR_BAD_ALGORITHM,
  XN_SIGN_ERROR_MALFORMED,
  XN_SIGN_ERROR_UNTRUSTED_KEY,
  XN_SIGN_ERROR_UNKNOWN_SIGNER,
  XN_SIGN_ERROR_EXPIRED,
  XN_SIGN_ERROR_NOT_YET_VALID,
  XN_SIGN_ERROR_TAMPERED,
} XnSignError;

/**
 * XnSigner:
 *
 * A private key and its certificate chain, loaded once and used to sign
 * many documents. Reference counted; safe to share between threads.
 */
typedef struct _XnSigner XnSigner;

/**
 * XnTrust:
 *
 * The certificates a host trusts (CAs or pinned signer certificates).
 * Immutable once loaded; safe to share between threads.
 */
typedef struct _XnTrust XnTrust;

/**
 * XnVerified:
 *
 * What a successful verification found: the signer and the verified
 * document, which is the only copy of the data the caller may use.
 */
typedef struct _XnVerified XnVerified;

GQuark       xn_sign_error_quark           (void);
gboolean     xn_sign_init                  (GError      **error);

XnSigner    *xn_signer_new_from_files      (const char   *key_path,
                                            const char   *cert_path,
                                            GError      **error);
XnSigner    *xn_signer_ref                 (XnSigner     *signer);
void         xn_signer_unref               (XnSigner     *signer);
const char  *xn_signer_get_subject         (XnSigner     *signer);
const char  *xn_signer_get_fingerprint     (XnSigner     *signer);
gboolean     xn_signer_sign_doc            (XnSigner     *signer,
                                            xmlDoc       *doc,
                                            GError      **error);
GBytes      *xn_signer_sign_doc_to_bytes   (XnSigner     *signer,
                                            xmlDoc       *doc,
                                            GError      **error);
GBytes      *xn_sign_bytes                 (XnSigner     *signer,
                                            GBytes       *document,
                                            GError      **error);

xmlDoc      *xn_sign_parse_bytes           (GBytes       *document,
                                            GError      **error);

XnTrust     *xn_trust_new_from_dir         (const char   *dir,
                                            GError      **error);
XnTrust     *xn_trust_ref                  (XnTrust      *trust);
void         xn_trust_unref                (XnTrust      *trust);
guint        xn_trust_get_n_certificates   (XnTrust      *trust);
XnVerified  *xn_trust_verify_bytes         (XnTrust      *trust,
                                            GBytes       *document,
                                            GError      **error);
XnVerified  *xn_trust_verify_doc           (XnTrust      *trust,
                                            xmlDoc       *doc,
                                            GError      **error);

void         xn_verified_free              (XnVerified   *verified);
const char  *xn_verified_get_subject       (XnVerified   *verified);
const char  *xn_verified_get_issuer        (XnVerified   *verified);
const char  *xn_verified_get_serial        (XnVerified   *verified);
GDateTime   *xn_verified_get_not_before    (XnVerified   *verified);
GDateTime   *xn_verified_get_not_after     (XnVerified   *verified);
const char  *xn_verified_get_fingerprint   (XnVerified   *verified);
xmlDoc      *xn_verified_get_doc           (XnVerified   *verified);
xmlDoc      *xn_verified_steal_doc         (XnVerified   *verified);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnSigner, xn_signer_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnTrust, xn_trust_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnVerified, xn_verified_free)

G_END_DECLS
