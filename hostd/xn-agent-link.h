/* xn-agent-link.h: the channel between the host daemon and a network
 * service domain's agent
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A request carries one switch plan; a reply one line of text. */
#define XN_AGENT_MAX_REQUEST (64u << 20)
#define XN_AGENT_MAX_REPLY   (64u << 10)

typedef struct _XnAgentLink XnAgentLink;

XnAgentLink *xn_agent_link_connect (const char   *address,
                                    gint64        deadline,
                                    GError      **error);
XnAgentLink *xn_agent_link_listen  (const char   *address,
                                    GError      **error);
gboolean     xn_agent_link_accept  (XnAgentLink  *self,
                                    GError      **error);
void         xn_agent_link_hangup  (XnAgentLink  *self);
gboolean     xn_agent_link_send    (XnAgentLink  *self,
                                    GBytes       *message,
                                    gint64        deadline,
                                    GError      **error);
GBytes      *xn_agent_link_recv    (XnAgentLink  *self,
                                    gsize         max,
                                    gint64        deadline,
                                    GError      **error);
void         xn_agent_link_free    (XnAgentLink  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XnAgentLink, xn_agent_link_free)

/**
 * XnAgentRequest:
 * @op: "apply" (take @plan) or "status" (say the serial in force)
 * @driver: the service domain the host daemon believes it talks to
 * @serial: the plan's serial
 * @plan: (nullable): xn_plan_serialize_switches() of it, for "apply"
 */
typedef struct
{
  char    *op;
  char    *driver;
  guint64  serial;
  GBytes  *plan;
} XnAgentRequest;

GBytes  *xn_agent_request_encode (const XnAgentRequest  *request);
gboolean xn_agent_request_decode (GBytes                *message,
                                  XnAgentRequest        *request,
                                  GError               **error);
void     xn_agent_request_clear  (XnAgentRequest        *request);
GBytes  *xn_agent_reply_encode   (gboolean               ok,
                                  guint64                serial,
                                  const char            *text);
gboolean xn_agent_reply_decode   (GBytes                *message,
                                  gboolean              *ok,
                                  guint64               *serial,
                                  char                 **text,
                                  GError               **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (XnAgentRequest, xn_agent_request_clear)

G_END_DECLS
