/* xn-disk.h
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

#define XN_TYPE_DISK (xn_disk_get_type ())

G_DECLARE_FINAL_TYPE (XnDisk, xn_disk, XN, DISK, XnObject)

XnDisk            *xn_disk_new                       (void);
const char        *xn_disk_get_vdev                  (XnDisk     *self);
void               xn_disk_set_vdev                  (XnDisk     *self,
                                                      const char *vdev);
const char        *xn_disk_get_target                (XnDisk     *self);
void               xn_disk_set_target                (XnDisk     *self,
                                                      const char *target);
const char        *xn_disk_get_format                (XnDisk     *self);
void               xn_disk_set_format                (XnDisk     *self,
                                                      const char *format);
const char        *xn_disk_get_mode                  (XnDisk     *self);
void               xn_disk_set_mode                  (XnDisk     *self,
                                                      const char *mode);
const char        *xn_disk_get_storage_location_uuid (XnDisk     *self);
void               xn_disk_set_storage_location_uuid (XnDisk     *self,
                                                      const char *storage_location_uuid);
XnStorageLocation *xn_disk_get_storage_location      (XnDisk     *self);

G_END_DECLS
