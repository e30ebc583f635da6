/* xn-sign-ecdsa.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * xmlsec 1.2.37's GnuTLS backend has no ECDSA: this file adds an
 * ECDSA-SHA256 signature transform and a small key data class backed by
 * GnuTLS (XML-DSig wants the raw r||s form, GnuTLS speaks DER).
 */

#include "config.h"

#define G_LOG_DOMAIN "xn-sign"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xn-sign.h"
#include "xn-sign-private.h"

/* ------------------------------------------------------------------ */
/* ECDSA P-256 key data and ECDSA-SHA256 signature transform (GnuTLS). */

static int
xn_ec_key_initialize (xmlSecKeyDataPtr data)
{
  memset (XN_EC_KEY (data), 0, sizeof (XnEcKey));
  return 0;
}

static void
xn_ec_key_finalize (xmlSecKeyDataPtr data)
{
  XnEcKey *ec = XN_EC_KEY (data);

  g_clear_pointer (&ec->priv, gnutls_privkey_deinit);
  g_clear_pointer (&ec->pub, gnutls_pubkey_deinit);
}

static xmlSecKeyDataType
xn_ec_key_get_type (xmlSecKeyDataPtr data)
{
  XnEcKey *ec = XN_EC_KEY (data);

  if (ec->priv != NULL)
    return xmlSecKeyDataTypePrivate | xmlSecKeyDataTypePublic;
  if (ec->pub != NULL)
    return xmlSecKeyDataTypePublic;
  return xmlSecKeyDataTypeUnknown;
}

static xmlSecSize
xn_ec_key_get_size (xmlSecKeyDataPtr data)
{
  return 256;
}

xmlSecKeyDataKlass _xn_ec_key_klass = {
  sizeof (xmlSecKeyDataKlass),
  XN_EC_KEY_SIZE,
  BAD_CAST "xn-ecdsa-p256",
  xmlSecKeyDataUsageUnknown,
  NULL, NULL, NULL,
  xn_ec_key_initialize,
  NULL,                       /* duplicate: keys are shared, never copied */
  xn_ec_key_finalize,
  NULL,
  xn_ec_key_get_type,
  xn_ec_key_get_size,
  NULL,
  NULL, NULL, NULL, NULL,     /* no KeyValue read or write: X.509 only */
  NULL, NULL,
  NULL, NULL,
};

typedef struct
{
  gnutls_hash_hd_t hash;
  gnutls_privkey_t priv;        /* borrowed from the key */
  gnutls_pubkey_t  pub;         /* borrowed from the key */
  guint8           digest[32];
} XnEcdsaCtx;

#define XN_ECDSA_SIZE (sizeof (xmlSecTransform) + sizeof (XnEcdsaCtx))
#define XN_ECDSA(t) ((XnEcdsaCtx *) (((guint8 *) (t)) + sizeof (xmlSecTransform)))

static int
xn_ecdsa_initialize (xmlSecTransformPtr transform)
{
  memset (XN_ECDSA (transform), 0, sizeof (XnEcdsaCtx));
  return 0;
}

static void
xn_ecdsa_finalize (xmlSecTransformPtr transform)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);

  if (ctx->hash != NULL)
    gnutls_hash_deinit (ctx->hash, NULL);
  ctx->hash = NULL;
}

static int
xn_ecdsa_set_key_req (xmlSecTransformPtr transform,
                      xmlSecKeyReqPtr    key_req)
{
  key_req->keyId = &_xn_ec_key_klass;
  if (transform->operation == xmlSecTransformOperationSign)
    {
      key_req->keyType = xmlSecKeyDataTypePrivate;
      key_req->keyUsage = xmlSecKeyUsageSign;
    }
  else
    {
      key_req->keyType = xmlSecKeyDataTypePublic;
      key_req->keyUsage = xmlSecKeyUsageVerify;
    }
  return 0;
}

static int
xn_ecdsa_set_key (xmlSecTransformPtr transform,
                  xmlSecKeyPtr       key)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  xmlSecKeyDataPtr value = xmlSecKeyGetValue (key);
  XnEcKey *ec;

  if (value == NULL || value->id != &_xn_ec_key_klass)
    return -1;
  ec = XN_EC_KEY (value);
  ctx->priv = ec->priv;
  ctx->pub = ec->pub;
  return 0;
}

/* r and s as DER integers may carry a leading zero or be short: fit them
 * into the fixed-width big-endian halves XML-DSig uses. */
static gboolean
put_fixed (guint8               *out,
           const gnutls_datum_t *v)
{
  const guint8 *p = v->data;
  gsize n = v->size;

  while (n > 0 && *p == 0)
    p++, n--;
  if (n > P256_BYTES)
    return FALSE;
  memset (out, 0, P256_BYTES - n);
  memcpy (out + P256_BYTES - n, p, n);
  return TRUE;
}

static int
xn_ecdsa_execute (xmlSecTransformPtr    transform,
                  int                   last,
                  xmlSecTransformCtxPtr transform_ctx)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  xmlSecBufferPtr in = &transform->inBuf;

  if (transform->status == xmlSecTransformStatusNone)
    {
      if (gnutls_hash_init (&ctx->hash, GNUTLS_DIG_SHA256) < 0)
        return -1;
      transform->status = xmlSecTransformStatusWorking;
    }

  if (transform->status == xmlSecTransformStatusWorking)
    {
      xmlSecSize size = xmlSecBufferGetSize (in);

      if (size > 0)
        {
          gnutls_hash (ctx->hash, xmlSecBufferGetData (in), size);
          if (xmlSecBufferRemoveHead (in, size) < 0)
            return -1;
        }
      if (last)
        {
          gnutls_hash_deinit (ctx->hash, ctx->digest);
          ctx->hash = NULL;

          if (transform->operation == xmlSecTransformOperationSign)
            {
              gnutls_datum_t digest = { ctx->digest, sizeof ctx->digest };
              gnutls_datum_t der = { NULL, 0 }, r = { NULL, 0 }, s = { NULL, 0 };
              guint8 raw[2 * P256_BYTES];
              gboolean ok;

              if (ctx->priv == NULL
                  || gnutls_privkey_sign_hash2 (ctx->priv, GNUTLS_SIGN_ECDSA_SHA256,
                                                0, &digest, &der) < 0)
                return -1;
              ok = gnutls_decode_rs_value (&der, &r, &s) >= 0
                   && put_fixed (raw, &r) && put_fixed (raw + P256_BYTES, &s);
              gnutls_free (der.data);
              gnutls_free (r.data);
              gnutls_free (s.data);
              if (!ok || xmlSecBufferSetData (&transform->outBuf, raw, sizeof raw) < 0)
                return -1;
            }
          transform->status = xmlSecTransformStatusFinished;
        }
    }
  else if (transform->status == xmlSecTransformStatusFinished)
    {
      if (xmlSecBufferGetSize (in) != 0)
        return -1;
    }
  else
    return -1;

  return 0;
}

static int
xn_ecdsa_verify (xmlSecTransformPtr    transform,
                 const xmlSecByte     *data,
                 xmlSecSize            data_size,
                 xmlSecTransformCtxPtr transform_ctx)
{
  XnEcdsaCtx *ctx = XN_ECDSA (transform);
  gnutls_datum_t digest = { ctx->digest, sizeof ctx->digest };
  gnutls_datum_t r = { (guint8 *) data, P256_BYTES };
  gnutls_datum_t s = { (guint8 *) data + P256_BYTES, P256_BYTES };
  gnutls_datum_t der = { NULL, 0 };

  if (transform->status != xmlSecTransformStatusFinished || ctx->pub == NULL)
    return -1;

  transform->status = xmlSecTransformStatusFail;
  if (data_size == 2 * P256_BYTES && gnutls_encode_rs_value (&der, &r, &s) >= 0)
    {
      if (gnutls_pubkey_verify_hash2 (ctx->pub, GNUTLS_SIGN_ECDSA_SHA256, 0,
                                      &digest, &der) >= 0)
        transform->status = xmlSecTransformStatusOk;
      gnutls_free (der.data);
    }
  return 0;
}

xmlSecTransformKlass _xn_ecdsa_klass = {
  sizeof (xmlSecTransformKlass),
  XN_ECDSA_SIZE,
  BAD_CAST "ecdsa-sha256",
  BAD_CAST HREF_ECDSA256,
  xmlSecTransformUsageSignatureMethod,
  xn_ecdsa_initialize,
  xn_ecdsa_finalize,
  NULL, NULL,
  xn_ecdsa_set_key_req,
  xn_ecdsa_set_key,
  xn_ecdsa_verify,
  xmlSecTransformDefaultGetDataType,
  xmlSecTransformDefaultPushBin,
  xmlSecTransformDefaultPopBin,
  NULL, NULL,
  xn_ecdsa_execute,
  NULL, NULL,
};
