/* xenon-model.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* libxenon's umbrella header: the policy document, its objects and XML. */

#pragma once

#include "xn-object.h"
#include "xn-object-list.h"
#include "xn-enums.h"
#include "xn-types.h"
#include "xn-policy.h"
#include "xn-profile.h"
#include "xn-hypercall-rule.h"
#include "xn-tag.h"
#include "xn-tag-ref.h"
#include "xn-conflict.h"
#include "xn-sec-label.h"
#include "xn-host.h"
#include "xn-device.h"
#include "xn-hardware.h"
#include "xn-device-ref.h"
#include "xn-enclave.h"
#include "xn-domain.h"
#include "xn-vif.h"
#include "xn-disk.h"
#include "xn-net-allow.h"
#include "xn-xl-pair.h"
#include "xn-net-switch.h"
#include "xn-storage-location.h"
#include "xn-xml.h"
#include "xn-diff.h"
#include "xn-template.h"
#include "xn-extract.h"
#include "xn-lint.h"
#include "xn-sign.h"
#include "xn-command.h"
#include "xn-commands.h"
#include "xn-learn.h"
#include "xn-command-stack.h"
#include "xn-compile.h"
#include "xn-plan-diff.h"
#include "xn-matrix.h"
#include "xn-net-matrix.h"
#include "xn-builtin-profiles.h"
#include "xn-syntax.h"
