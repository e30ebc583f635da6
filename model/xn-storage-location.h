/* xn-storage-location.h
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

#define XN_TYPE_STORAGE_LOCATION (xn_storage_location_get_type ())

G_DECLARE_FINAL_TYPE (XnStorageLocation, xn_storage_location, XN, STORAGE_LOCATION, XnObject)

XnStorageLocation *xn_storage_location_new      (void);
const char        *xn_storage_location_get_kind (XnStorageLocation *self);
void               xn_storage_location_set_kind (XnStorageLocation *self,
                                                 const char        *kind);
const char        *xn_storage_location_get_path (XnStorageLocation *self);
void               xn_storage_location_set_path (XnStorageLocation *self,
                                                 const char        *path);

G_END_DECLS
