/* xn-process.h: how the GUI process sets itself up before GTK starts
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void xn_process_use_huge_pages (char **argv);

G_END_DECLS
