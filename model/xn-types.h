/* xn-types.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

/* Forward declarations, so headers can name each other's types. */

typedef struct _XnPolicy XnPolicy;
typedef struct _XnProfile XnProfile;
typedef struct _XnHypercallRule XnHypercallRule;
typedef struct _XnTag XnTag;
typedef struct _XnTagRef XnTagRef;
typedef struct _XnConflict XnConflict;
typedef struct _XnSecLabel XnSecLabel;
typedef struct _XnHost XnHost;
typedef struct _XnDevice XnDevice;
typedef struct _XnDeviceRef XnDeviceRef;
typedef struct _XnEnclave XnEnclave;
typedef struct _XnDomain XnDomain;
typedef struct _XnVif XnVif;
typedef struct _XnDisk XnDisk;
typedef struct _XnNetAllow XnNetAllow;
typedef struct _XnXlPair XnXlPair;
typedef struct _XnNetSwitch XnNetSwitch;
typedef struct _XnStorageLocation XnStorageLocation;
