/* xn-policy.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "xn-object-list.h"
#include "xn-enums.h"
#include "xn-types.h"

G_BEGIN_DECLS

#define XN_TYPE_POLICY (xn_policy_get_type ())

G_DECLARE_FINAL_TYPE (XnPolicy, xn_policy, XN, POLICY, XnObject)

XnPolicy     *xn_policy_new                    (void);
guint64       xn_policy_get_serial             (XnPolicy   *self);
void          xn_policy_set_serial             (XnPolicy   *self,
                                                guint64     serial);
const char   *xn_policy_get_description        (XnPolicy   *self);
void          xn_policy_set_description        (XnPolicy   *self,
                                                const char *description);
XnObjectList *xn_policy_get_profiles           (XnPolicy   *self);
XnObjectList *xn_policy_get_tags               (XnPolicy   *self);
XnObjectList *xn_policy_get_conflicts          (XnPolicy   *self);
XnObjectList *xn_policy_get_sec_labels         (XnPolicy   *self);
XnObjectList *xn_policy_get_hosts              (XnPolicy   *self);
XnObject     *xn_policy_lookup                 (XnPolicy   *self,
                                                const char *uuid);
XnProfile    *xn_policy_find_profile_by_name   (XnPolicy   *self,
                                                const char *name);
XnTag        *xn_policy_find_tag_by_name       (XnPolicy   *self,
                                                const char *name);
XnTag        *xn_policy_find_tag_by_id         (XnPolicy   *self,
                                                guint       id);
XnConflict   *xn_policy_find_conflict_by_name  (XnPolicy   *self,
                                                const char *name);
XnSecLabel   *xn_policy_find_sec_label_by_name (XnPolicy   *self,
                                                const char *name);
XnHost       *xn_policy_find_host_by_name      (XnPolicy   *self,
                                                const char *name);
GPtrArray    *xn_policy_dup_visiting_domains   (XnPolicy   *self,
                                                XnHost     *host);
gboolean      xn_policy_places_domain          (XnPolicy   *self,
                                                XnDomain   *domain,
                                                XnHost     *host);
guint         xn_policy_get_n_objects          (XnPolicy   *self);

G_END_DECLS
