/* xn-dialogs.h
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*XnFileCallback)    (GtkWindow *parent, GFile *file, gpointer data);
typedef void (*XnConfirmCallback) (GtkWindow *parent, int response, gpointer data);

enum { XN_RESPONSE_SAVE = 1, XN_RESPONSE_DISCARD = 2 };

typedef enum
{
  XN_CONFIRM_NONE        = 0,
  XN_CONFIRM_OFFER_SAVE  = 1 << 0,
  XN_CONFIRM_DESTRUCTIVE = 1 << 1,
} XnConfirmFlags;

void xn_dialogs_choose_file (GtkWindow            *parent,
                             const char           *title,
                             GtkFileChooserAction  action,
                             const char           *suggested_name,
                             XnFileCallback        callback,
                             gpointer              data);
GtkNativeDialog *xn_dialogs_get_file_chooser (void);
void xn_dialogs_message     (GtkWindow            *parent,
                             GtkMessageType        type,
                             const char           *primary,
                             const char           *secondary);
void xn_dialogs_confirm     (GtkWindow            *parent,
                             const char           *primary,
                             const char           *secondary,
                             const char           *accept_label,
                             XnConfirmFlags        flags,
                             XnConfirmCallback     callback,
                             gpointer              data);

G_END_DECLS
