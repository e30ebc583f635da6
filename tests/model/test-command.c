/* test-command.c
 *
 * Copyright 2026 The Xenon authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "config.h"

#include "xn-command-stack.h"
#include "xn-commands.h"
#include "xn-test.h"

#include <string.h>

#include "test-node.h"

/* "r(a:red(x,y),b)": name, ":colour" if set, children in parentheses. */
static void
append_state (GString  *str,
              TestNode *n)
{
  guint n_items = xn_object_list_get_n_items (n->children);

  g_string_append (str, xn_object_get_name (XN_OBJECT (n)));
  if (n->colour != NULL)
    g_string_append_printf (str, ":%s", n->colour);

  if (n_items == 0)
    return;

  g_string_append_c (str, '(');
  for (guint i = 0; i < n_items; i++)
    {
      if (i > 0)
        g_string_append_c (str, ',');
      append_state (str, xn_object_list_get (n->children, i));
    }
  g_string_append_c (str, ')');
}

static char *
dup_state (TestNode *n)
{
  GString *str = g_string_new (NULL);

  append_state (str, n);
  return g_string_free (str, FALSE);
}

static TestNode *
find_node (TestNode   *n,
           const char *name)
{
  guint n_items = xn_object_list_get_n_items (n->children);

  if (g_strcmp0 (xn_object_get_name (XN_OBJECT (n)), name) == 0)
    return n;

  for (guint i = 0; i < n_items; i++)
    {
      TestNode *found = find_node (xn_object_list_get (n->children, i), name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Fixture: r(a(x,y),b) and a stack whose merge window never closes by
 * itself during a test, so merging depends only on what the script does. */

static TestNode *root;
static XnCommandStack *stack;

static void
setup (void)
{
  static const char *names[][2] = { { "r", "a" }, { "r", "b" }, { "a", "x" }, { "a", "y" } };

  root = node ("r");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TestNode) child = node (names[i][1]);

      xn_object_list_append (find_node (root, names[i][0])->children, XN_OBJECT (child));
    }

  stack = xn_command_stack_new ();
  xn_command_stack_set_merge_window (stack, 600000);
}

static void
teardown (void)
{
  g_clear_object (&stack);
  g_clear_object (&root);
}

static XnObjectList *
children_of (const char *name)
{
  TestNode *n = find_node (root, name);

  ck_assert_msg (n != NULL, "no node named %s", name);
  return n->children;
}

static XnCommand *
set_command (const char *name,
             const char *property,
             const char *text)
{
  g_auto(GValue) value = G_VALUE_INIT;
  TestNode *n = find_node (root, name);

  ck_assert_msg (n != NULL, "no node named %s", name);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  return xn_set_property_command_new (G_OBJECT (n), property, &value);
}

static void
assert_state (const char *expected)
{
  g_autofree char *state = dup_state (root);

  ck_assert_str_eq (state, expected);
}

/* ------------------------------------------------------------------ */
/* Undo scripts, in the manner of GTK's testsuite/gtk/texthistory.c.   */

typedef enum {
  OP_END,
  OP_SET,      /* a: node, b: property, c: value */
  OP_INSERT,   /* a: owner of the list, p1: position, c: name of a new node */
  OP_REMOVE,   /* a: owner of the list, p1: position */
  OP_MOVE,     /* a: from owner, p1: from position, b: to owner, p2: to position */
  OP_BEGIN,    /* c: label */
  OP_END_GROUP,
  OP_UNDO,
  OP_REDO,
  OP_SAVE,
  OP_BREAK,
  OP_CLEAR,
} Op;

typedef struct
{
  Op          op;
  const char *a;
  const char *b;
  const char *c;
  guint       p1;
  guint       p2;
  gboolean    fails;
  const char *state;
  int         can_undo;
  int         can_redo;
  int         modified;
} Step;

#define SET(n, p, v)          .op = OP_SET, .a = n, .b = p, .c = v
#define INSERT(o, pos, name)  .op = OP_INSERT, .a = o, .p1 = pos, .c = name
#define REMOVE(o, pos)        .op = OP_REMOVE, .a = o, .p1 = pos
#define MOVE(f, fp, t, tp)    .op = OP_MOVE, .a = f, .p1 = fp, .b = t, .p2 = tp
#define BEGIN(l)              .op = OP_BEGIN, .c = l
#define END                   .op = OP_END_GROUP
#define UNDO                  .op = OP_UNDO
#define REDO                  .op = OP_REDO
#define SAVE                  .op = OP_SAVE
#define BREAK                 .op = OP_BREAK
#define CLEAR                 .op = OP_CLEAR
#define FAILS                 .fails = TRUE
#define EXPECT(s, u, r, m)    .state = s, .can_undo = u, .can_redo = r, .modified = m

static const Step merge_script[] = {
  { SET ("a", "colour", "r"),   EXPECT ("r(a:r(x,y),b)", 1, 0, 1) },
  { SET ("a", "colour", "re"),  EXPECT ("r(a:re(x,y),b)", 1, 0, 1) },
  { SET ("a", "colour", "red"), EXPECT ("r(a:red(x,y),b)", 1, 0, 1) },
  /* Another property of the same object: a new entry. */
  { SET ("a", "name", "A"),     EXPECT ("r(A:red(x,y),b)", 1, 0, 1) },
  { SET ("A", "colour", "rd"),  EXPECT ("r(A:rd(x,y),b)", 1, 0, 1) },
  /* The same property of another object: a new entry. */
  { SET ("b", "colour", "rd"),  EXPECT ("r(A:rd(x,y),b:rd)", 1, 0, 1) },
  { UNDO,                       EXPECT ("r(A:rd(x,y),b)", 1, 1, 1) },
  { UNDO,                       EXPECT ("r(A:red(x,y),b)", 1, 1, 1) },
  { UNDO,                       EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  { UNDO,                       EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { UNDO, FAILS,                EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { REDO,                       EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  { OP_END }
};

static const Step break_script[] = {
  { SET ("a", "colour", "r"),   EXPECT ("r(a:r(x,y),b)", 1, 0, 1) },
  { BREAK,                      EXPECT ("r(a:r(x,y),b)", 1, 0, 1) },
  { SET ("a", "colour", "re"),  EXPECT ("r(a:re(x,y),b)", 1, 0, 1) },
  { SET ("a", "colour", "red"), EXPECT ("r(a:red(x,y),b)", 1, 0, 1) },
  { UNDO,                       EXPECT ("r(a:r(x,y),b)", 1, 1, 1) },
  { UNDO,                       EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  /* Undo breaks the merge too: the redone entry stays apart. */
  { REDO,                       EXPECT ("r(a:r(x,y),b)", 1, 1, 1) },
  { SET ("a", "colour", "ro"),  EXPECT ("r(a:ro(x,y),b)", 1, 0, 1) },
  { UNDO,                       EXPECT ("r(a:r(x,y),b)", 1, 1, 1) },
  { OP_END }
};

static const Step redo_cleared_script[] = {
  { SET ("a", "colour", "red"),   EXPECT ("r(a:red(x,y),b)", 1, 0, 1) },
  { SET ("b", "colour", "blue"),  EXPECT ("r(a:red(x,y),b:blue)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  { SET ("a", "colour", "green"), EXPECT ("r(a:green(x,y),b)", 1, 0, 1) },
  { REDO, FAILS,                  EXPECT ("r(a:green(x,y),b)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { REDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  { REDO,                         EXPECT ("r(a:green(x,y),b)", 1, 0, 1) },
  { OP_END }
};

static const Step insert_remove_script[] = {
  { INSERT ("r", 1, "n"),         EXPECT ("r(a(x,y),n,b)", 1, 0, 1) },
  { REMOVE ("a", 0),              EXPECT ("r(a(y),n,b)", 1, 0, 1) },
  { REMOVE ("r", 5), FAILS,       EXPECT ("r(a(y),n,b)", 1, 0, 1) },
  { INSERT ("r", 9, "z"), FAILS,  EXPECT ("r(a(y),n,b)", 1, 0, 1) },
  { INSERT ("b", G_MAXUINT, "z"), EXPECT ("r(a(y),n,b(z))", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a(y),n,b)", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),n,b)", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { REDO,                         EXPECT ("r(a(x,y),n,b)", 1, 1, 1) },
  { REDO,                         EXPECT ("r(a(y),n,b)", 1, 1, 1) },
  { REMOVE ("r", 0),              EXPECT ("r(n,b)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a(y),n,b)", 1, 1, 1) },
  { OP_END }
};

static const Step move_script[] = {
  { MOVE ("a", 0, "b", 0),        EXPECT ("r(a(y),b(x))", 1, 0, 1) },
  { MOVE ("a", 0, "b", 1),        EXPECT ("r(a,b(x,y))", 1, 0, 1) },
  /* Within one list: the index is the one after removal. */
  { MOVE ("b", 0, "b", 1),        EXPECT ("r(a,b(y,x))", 1, 0, 1) },
  { MOVE ("b", 0, "b", 2), FAILS, EXPECT ("r(a,b(y,x))", 1, 0, 1) },
  { MOVE ("r", 0, "a", 0), FAILS, EXPECT ("r(a,b(y,x))", 1, 0, 1) },
  { MOVE ("r", 1, "a", 0),        EXPECT ("r(a(b(y,x)))", 1, 0, 1) },
  /* Into its own subtree: refused. */
  { MOVE ("r", 0, "b", 0), FAILS, EXPECT ("r(a(b(y,x)))", 1, 0, 1) },
  { MOVE ("a", 3, "b", 0), FAILS, EXPECT ("r(a(b(y,x)))", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a,b(y,x))", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a,b(x,y))", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a(y),b(x))", 1, 1, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { REDO,                         EXPECT ("r(a(y),b(x))", 1, 1, 1) },
  { REDO,                         EXPECT ("r(a,b(x,y))", 1, 1, 1) },
  { REDO,                         EXPECT ("r(a,b(y,x))", 1, 1, 1) },
  { REDO,                         EXPECT ("r(a(b(y,x)))", 1, 0, 1) },
  { OP_END }
};

static const Step group_script[] = {
  { BEGIN ("Edit"),              EXPECT ("r(a(x,y),b)", 0, 0, 0) },
  { SET ("a", "colour", "red"),  EXPECT ("r(a:red(x,y),b)", 0, 0, 1) },
  { BEGIN (NULL),                EXPECT ("r(a:red(x,y),b)", 0, 0, 1) },
  { INSERT ("r", 2, "n"),        EXPECT ("r(a:red(x,y),b,n)", 0, 0, 1) },
  { MOVE ("a", 0, "n", 0),       EXPECT ("r(a:red(y),b,n(x))", 0, 0, 1) },
  { END,                         EXPECT ("r(a:red(y),b,n(x))", 0, 0, 1) },
  { REMOVE ("a", 0),             EXPECT ("r(a:red,b,n(x))", 0, 0, 1) },
  { UNDO, FAILS,                 EXPECT ("r(a:red,b,n(x))", 0, 0, 1) },
  { END,                         EXPECT ("r(a:red,b,n(x))", 1, 0, 1) },
  { UNDO,                        EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  { REDO,                        EXPECT ("r(a:red,b,n(x))", 1, 0, 1) },
  /* An empty group records nothing: one undo still goes all the way. */
  { BEGIN ("Nothing"),           EXPECT ("r(a:red,b,n(x))", 0, 0, 1) },
  { BEGIN ("Nothing inside"),    EXPECT ("r(a:red,b,n(x))", 0, 0, 1) },
  { END,                         EXPECT ("r(a:red,b,n(x))", 0, 0, 1) },
  { END,                         EXPECT ("r(a:red,b,n(x))", 1, 0, 1) },
  { UNDO,                        EXPECT ("r(a(x,y),b)", 0, 1, 0) },
  /* A group after an undo clears the redo queue like any edit. */
  { BEGIN ("Edit"),              EXPECT ("r(a(x,y),b)", 0, 0, 0) },
  { SET ("b", "colour", "blue"), EXPECT ("r(a(x,y),b:blue)", 0, 0, 1) },
  { END,                         EXPECT ("r(a(x,y),b:blue)", 1, 0, 1) },
  { OP_END }
};

static const Step modified_script[] = {
  { SET ("a", "colour", "red"),   EXPECT ("r(a:red(x,y),b)", 1, 0, 1) },
  { SAVE,                         EXPECT ("r(a:red(x,y),b)", 1, 0, 0) },
  { SET ("b", "colour", "blue"),  EXPECT ("r(a:red(x,y),b:blue)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 0) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 1) },
  { REDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 0) },
  { REDO,                         EXPECT ("r(a:red(x,y),b:blue)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 0) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 1) },
  /* The saved state was in the redo queue, which this edit clears: no
   * undo or redo can reach it any more. */
  { SET ("b", "colour", "green"), EXPECT ("r(a(x,y),b:green)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 1) },
  { REDO,                         EXPECT ("r(a(x,y),b:green)", 1, 0, 1) },
  { SAVE,                         EXPECT ("r(a(x,y),b:green)", 1, 0, 0) },
  { UNDO,                         EXPECT ("r(a(x,y),b)", 0, 1, 1) },
  { REDO,                         EXPECT ("r(a(x,y),b:green)", 1, 0, 0) },
  /* A typing burst must not merge into the saved entry. */
  { SET ("b", "colour", "gr"),    EXPECT ("r(a(x,y),b:gr)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a(x,y),b:green)", 1, 1, 0) },
  { OP_END }
};

static const Step clear_script[] = {
  { SET ("a", "colour", "red"),   EXPECT ("r(a:red(x,y),b)", 1, 0, 1) },
  { SET ("b", "colour", "blue"),  EXPECT ("r(a:red(x,y),b:blue)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 1, 1, 1) },
  /* Irreversible: the document stays, the history goes, still dirty. */
  { CLEAR,                        EXPECT ("r(a:red(x,y),b)", 0, 0, 1) },
  { UNDO, FAILS,                  EXPECT ("r(a:red(x,y),b)", 0, 0, 1) },
  { REDO, FAILS,                  EXPECT ("r(a:red(x,y),b)", 0, 0, 1) },
  { SAVE,                         EXPECT ("r(a:red(x,y),b)", 0, 0, 0) },
  { SET ("b", "colour", "green"), EXPECT ("r(a:red(x,y),b:green)", 1, 0, 1) },
  { UNDO,                         EXPECT ("r(a:red(x,y),b)", 0, 1, 0) },
  { CLEAR,                        EXPECT ("r(a:red(x,y),b)", 0, 0, 0) },
  { OP_END }
};

typedef struct
{
  const char *name;
  const Step *steps;
} Script;

static const Script scripts[] = {
  { "merge", merge_script },
  { "break", break_script },
  { "redo-cleared", redo_cleared_script },
  { "insert-remove", insert_remove_script },
  { "move", move_script },
  { "group", group_script },
  { "modified", modified_script },
  { "clear", clear_script },
};

static gboolean
run_step (const Step  *step,
          GError     **error)
{
  g_autoptr(XnCommand) command = NULL;

  switch (step->op)
    {
    case OP_SET:
      command = set_command (step->a, step->b, step->c);
      break;

    case OP_INSERT:
      {
        g_autoptr(TestNode) n = node (step->c);

        command = xn_insert_command_new (children_of (step->a), step->p1, XN_OBJECT (n));
      }
      break;

    case OP_REMOVE:
      command = xn_remove_command_new (children_of (step->a), step->p1);
      break;

    case OP_MOVE:
      command = xn_move_command_new (children_of (step->a), step->p1,
                                     children_of (step->b), step->p2);
      break;

    case OP_BEGIN:
      xn_command_stack_begin_group (stack, step->c);
      return TRUE;

    case OP_END_GROUP:
      xn_command_stack_end_group (stack);
      return TRUE;

    case OP_UNDO:
      return xn_command_stack_undo (stack, error);

    case OP_REDO:
      return xn_command_stack_redo (stack, error);

    case OP_SAVE:
      xn_command_stack_set_unmodified (stack);
      return TRUE;

    case OP_BREAK:
      xn_command_stack_break_merge (stack);
      return TRUE;

    case OP_CLEAR:
      xn_command_stack_clear (stack);
      return TRUE;

    case OP_END:
    default:
      g_assert_not_reached ();
    }

  return xn_command_stack_push (stack, command, error);
}

START_TEST (test_script)
{
  const Script *script = &scripts[_i];

  for (guint i = 0; script->steps[i].op != OP_END; i++)
    {
      const Step *step = &script->steps[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *state = NULL;
      gboolean ok;

      ok = run_step (step, &error);
      ck_assert_msg (ok == !step->fails, "%s step %u: expected %s, got %s (%s)",
                     script->name, i, step->fails ? "failure" : "success",
                     ok ? "success" : "failure", error ? error->message : "no error");
      ck_assert_msg (ok || error != NULL, "%s step %u: failure without error", script->name, i);

      state = dup_state (root);
      ck_assert_msg (g_str_equal (state, step->state), "%s step %u: state %s, expected %s",
                     script->name, i, state, step->state);
      ck_assert_msg (xn_command_stack_get_can_undo (stack) == step->can_undo,
                     "%s step %u: can-undo %d", script->name, i, xn_command_stack_get_can_undo (stack));
      ck_assert_msg (xn_command_stack_get_can_redo (stack) == step->can_redo,
                     "%s step %u: can-redo %d", script->name, i, xn_command_stack_get_can_redo (stack));
      ck_assert_msg (xn_command_stack_get_modified (stack) == step->modified,
                     "%s step %u: modified %d", script->name, i, xn_command_stack_get_modified (stack));
    }

  /* The whole history unwinds to the start, and back. */
  if (xn_command_stack_get_group_depth (stack) == 0)
    {
      while (xn_command_stack_get_can_undo (stack))
        ck_assert (xn_command_stack_undo (stack, NULL));
      while (xn_command_stack_get_can_redo (stack))
        ck_assert (xn_command_stack_redo (stack, NULL));
      ck_assert (!xn_command_stack_get_can_redo (stack));
    }
}
END_TEST

/* ------------------------------------------------------------------ */

START_TEST (test_undo_restores_same_object)
{
  XnObject *a = xn_object_list_get (root->children, 0);
  XnObject *x = xn_object_list_get (TEST_NODE (a)->children, 0);
  g_autofree char *uuid = g_strdup (xn_object_get_uuid (a));
  g_autoptr(XnCommand) remove = xn_remove_command_new (root->children, 0);

  ck_assert (xn_command_stack_push (stack, remove, NULL));
  assert_state ("r(b)");
  ck_assert_ptr_eq (xn_remove_command_get_object (XN_REMOVE_COMMAND (remove)), a);
  ck_assert_ptr_null (xn_object_get_parent (a));
  ck_assert_ptr_null (g_hash_table_lookup (root->index, uuid));
  ck_assert_ptr_null (g_hash_table_lookup (root->index, xn_object_get_uuid (x)));

  for (guint round = 0; round < 2; round++)
    {
      ck_assert (xn_command_stack_undo (stack, NULL));
      assert_state ("r(a(x,y),b)");
      ck_assert_ptr_eq (xn_object_list_get (root->children, 0), a);
      ck_assert_str_eq (xn_object_get_uuid (xn_object_list_get (root->children, 0)), uuid);
      ck_assert_ptr_eq (xn_object_list_get (TEST_NODE (a)->children, 0), x);
      ck_assert_ptr_eq (xn_object_get_parent (a), root);
      /* The root's index sees the whole subtree again. */
      ck_assert_ptr_eq (g_hash_table_lookup (root->index, uuid), a);
      ck_assert_ptr_eq (g_hash_table_lookup (root->index, xn_object_get_uuid (x)), x);

      ck_assert (xn_command_stack_redo (stack, NULL));
      assert_state ("r(b)");
    }
}
END_TEST

START_TEST (test_redo_of_insert_reuses_object)
{
  g_autoptr(TestNode) n = node ("n");
  g_autoptr(XnCommand) insert = xn_insert_command_new (root->children, 0, XN_OBJECT (n));
  g_autoptr(GError) error = NULL;
  g_autoptr(XnCommand) again = NULL;

  ck_assert (xn_command_stack_push (stack, insert, NULL));
  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert_ptr_null (xn_object_get_parent (XN_OBJECT (n)));
  ck_assert (xn_command_stack_redo (stack, NULL));
  ck_assert_ptr_eq (xn_object_list_get (root->children, 0), n);

  /* The same object cannot be inserted twice. */
  again = xn_insert_command_new (children_of ("b"), 0, XN_OBJECT (n));
  ck_assert (!xn_command_stack_push (stack, again, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID));
  ck_assert_ptr_nonnull (strstr (error->message, "already in a list"));
  assert_state ("r(n,a(x,y),b)");
}
END_TEST

START_TEST (test_failing_group_rolls_back)
{
  g_autoptr(XnCommand) group = xn_group_command_new ("Reorganise");
  g_autoptr(XnCommand) set = set_command ("a", "colour", "blue");
  g_autoptr(TestNode) n = node ("n");
  g_autoptr(XnCommand) insert = xn_insert_command_new (root->children, 0, XN_OBJECT (n));
  g_autoptr(XnCommand) move = xn_move_command_new (children_of ("a"), 0, children_of ("b"), 0);
  g_autoptr(XnCommand) bad = xn_remove_command_new (root->children, 7);
  g_autoptr(GError) error = NULL;

  xn_group_command_add (XN_GROUP_COMMAND (group), set);
  xn_group_command_add (XN_GROUP_COMMAND (group), insert);
  xn_group_command_add (XN_GROUP_COMMAND (group), move);
  xn_group_command_add (XN_GROUP_COMMAND (group), bad);
  ck_assert_uint_eq (xn_group_command_get_n_commands (XN_GROUP_COMMAND (group)), 4);

  xn_command_stack_set_unmodified (stack);
  ck_assert (!xn_command_stack_push (stack, group, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, "position 7") != NULL, "%s", error->message);

  assert_state ("r(a(x,y),b)");
  ck_assert_ptr_null (xn_object_get_parent (XN_OBJECT (n)));
  ck_assert (!xn_command_stack_get_can_undo (stack));
  ck_assert (!xn_command_stack_get_modified (stack));
}
END_TEST

START_TEST (test_abort_group)
{
  g_autoptr(XnCommand) set = set_command ("a", "colour", "red");
  g_autoptr(XnCommand) move = xn_move_command_new (children_of ("a"), 1, children_of ("b"), 0);
  g_autoptr(XnCommand) bad = xn_move_command_new (children_of ("a"), 5, children_of ("b"), 0);
  g_autoptr(GError) error = NULL;

  xn_command_stack_begin_group (stack, "Drag");
  ck_assert (xn_command_stack_push (stack, set, NULL));
  ck_assert (xn_command_stack_push (stack, move, NULL));
  assert_state ("r(a:red(x),b(y))");
  ck_assert (!xn_command_stack_push (stack, bad, &error));
  ck_assert (xn_command_stack_abort_group (stack, NULL));

  assert_state ("r(a(x,y),b)");
  ck_assert_uint_eq (xn_command_stack_get_group_depth (stack), 0);
  ck_assert (!xn_command_stack_get_can_undo (stack));
  ck_assert (!xn_command_stack_get_modified (stack));
}
END_TEST

/* Dropping the redo queue forgets what was undone, as a push would, and
 * says so through can-redo; the saved state ahead of it is unreachable. */
START_TEST (test_drop_redo)
{
  g_autoptr(XnCommand) set = set_command ("a", "colour", "red");

  ck_assert (xn_command_stack_push (stack, set, NULL));
  xn_command_stack_set_unmodified (stack);
  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert (xn_command_stack_get_can_redo (stack));
  xn_command_stack_drop_redo (stack);
  ck_assert (!xn_command_stack_get_can_redo (stack));
  ck_assert_uint_eq (xn_command_stack_get_n_redo (stack), 0);
  ck_assert (!xn_command_stack_redo (stack, NULL));
  assert_state ("r(a(x,y),b)");
  ck_assert (xn_command_stack_get_modified (stack));
}
END_TEST

START_TEST (test_depth_limit)
{
  static const char *colours[] = { "c0", "c1", "c2", "c3", "c4" };

  xn_command_stack_set_max_depth (stack, 3);
  xn_command_stack_set_unmodified (stack);

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    {
      g_autoptr(XnCommand) set = set_command ("a", "colour", colours[i]);

      xn_command_stack_break_merge (stack);
      ck_assert (xn_command_stack_push (stack, set, NULL));
    }

  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 3);
  assert_state ("r(a:c4(x,y),b)");
  for (guint i = 0; i < 3; i++)
    ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a:c1(x,y),b)");
  ck_assert (!xn_command_stack_get_can_undo (stack));
  /* The saved point (no colour) was dropped with the oldest entries. */
  ck_assert (xn_command_stack_get_modified (stack));

  /* Lowering the limit trims at once, oldest first. */
  for (guint i = 0; i < 3; i++)
    ck_assert (xn_command_stack_redo (stack, NULL));
  xn_command_stack_set_max_depth (stack, 1);
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 1);
  ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a:c3(x,y),b)");
}
END_TEST

START_TEST (test_default_depth_limit)
{
  ck_assert_uint_eq (xn_command_stack_get_max_depth (stack), 1000);
  xn_command_stack_set_merge_window (stack, 0);

  for (guint i = 0; i < 1005; i++)
    {
      g_autofree char *colour = g_strdup_printf ("c%u", i);
      g_autoptr(XnCommand) set = set_command ("a", "colour", colour);

      ck_assert (xn_command_stack_push (stack, set, NULL));
    }

  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 1000);
  while (xn_command_stack_get_can_undo (stack))
    ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a:c4(x,y),b)");
}
END_TEST

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

START_TEST (test_notify_only_on_change)
{
  guint can_undo = 0, can_redo = 0, modified = 0, undo_label = 0;
  g_autoptr(XnCommand) first = set_command ("a", "colour", "red");
  g_autoptr(XnCommand) second = set_command ("b", "colour", "blue");
  g_autoptr(XnCommand) third = set_command ("b", "colour", "green");

  g_signal_connect (stack, "notify::can-undo", G_CALLBACK (count_notify), &can_undo);
  g_signal_connect (stack, "notify::can-redo", G_CALLBACK (count_notify), &can_redo);
  g_signal_connect (stack, "notify::modified", G_CALLBACK (count_notify), &modified);
  g_signal_connect (stack, "notify::undo-label", G_CALLBACK (count_notify), &undo_label);

  xn_command_set_label (first, "Paint A");
  xn_command_set_label (second, "Paint B");

  ck_assert (xn_command_stack_push (stack, first, NULL));
  ck_assert_uint_eq (can_undo, 1);
  ck_assert_uint_eq (modified, 1);
  ck_assert_uint_eq (undo_label, 1);
  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo Paint A");

  ck_assert (xn_command_stack_push (stack, second, NULL));
  ck_assert_uint_eq (can_undo, 1);
  ck_assert_uint_eq (modified, 1);
  ck_assert_uint_eq (undo_label, 2);

  /* Merged into "Paint B": nothing observable changes. */
  ck_assert (xn_command_stack_push (stack, third, NULL));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 2);
  ck_assert_uint_eq (can_undo, 1);
  ck_assert_uint_eq (undo_label, 2);

  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert_uint_eq (can_undo, 1);
  ck_assert_uint_eq (can_redo, 1);
  ck_assert_str_eq (xn_command_stack_get_redo_label (stack), "Redo Paint B");

  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert_uint_eq (can_undo, 2);
  ck_assert_uint_eq (can_redo, 1);
  ck_assert_uint_eq (modified, 2);
  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo");

  ck_assert (xn_command_stack_redo (stack, NULL));
  ck_assert (xn_command_stack_redo (stack, NULL));
  ck_assert_uint_eq (can_undo, 3);
  ck_assert_uint_eq (can_redo, 2);
  ck_assert_uint_eq (modified, 3);

  /* Saving twice notifies once. */
  xn_command_stack_set_unmodified (stack);
  xn_command_stack_set_unmodified (stack);
  ck_assert_uint_eq (modified, 4);
  ck_assert_uint_eq (can_undo, 3);
}
END_TEST

START_TEST (test_merge_time_window)
{
  g_autoptr(XnCommand) r = set_command ("a", "colour", "r");
  g_autoptr(XnCommand) re = set_command ("a", "colour", "re");
  g_autoptr(XnCommand) red = set_command ("a", "colour", "red");
  g_autoptr(XnCommand) redd = set_command ("a", "colour", "redd");

  xn_command_stack_set_merge_window (stack, 500);
  ck_assert (xn_command_stack_push (stack, r, NULL));
  ck_assert (xn_command_stack_push (stack, re, NULL));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 1);

  g_usleep (800 * 1000);
  ck_assert (xn_command_stack_push (stack, red, NULL));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 2);

  /* A window of 0 never merges. */
  xn_command_stack_set_merge_window (stack, 0);
  ck_assert (xn_command_stack_push (stack, redd, NULL));
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 3);

  ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a:red(x,y),b)");
  ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a:re(x,y),b)");
  ck_assert (xn_command_stack_undo (stack, NULL));
  assert_state ("r(a(x,y),b)");
}
END_TEST

typedef struct
{
  guint    calls;
  gboolean saw_applying;
} Reaction;

/* A careless listener that answers a change with an edit of its own. */
static void
react_cb (GObject    *object,
          GParamSpec *pspec,
          Reaction   *reaction)
{
  g_autoptr(XnCommand) echo = set_command ("b", "colour", "echo");

  reaction->calls++;
  reaction->saw_applying |= xn_command_stack_get_applying (stack);
  ck_assert (xn_command_stack_push (stack, echo, NULL));
}

START_TEST (test_applying_guard)
{
  Reaction reaction = { 0 };
  g_autoptr(XnCommand) set = set_command ("a", "colour", "red");

  g_signal_connect (find_node (root, "a"), "notify::colour", G_CALLBACK (react_cb), &reaction);

  ck_assert (xn_command_stack_push (stack, set, NULL));
  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert (xn_command_stack_redo (stack, NULL));

  ck_assert_uint_eq (reaction.calls, 3);
  ck_assert (reaction.saw_applying);
  ck_assert (!xn_command_stack_get_applying (stack));
  /* Nothing the listener pushed was applied or recorded. */
  assert_state ("r(a:red(x,y),b)");
  ck_assert_uint_eq (xn_command_stack_get_n_undo (stack), 1);
  ck_assert_uint_eq (xn_command_stack_get_n_redo (stack), 0);
}
END_TEST

START_TEST (test_bad_property)
{
  g_autoptr(XnCommand) missing = set_command ("a", "flavour", "sweet");
  g_autoptr(XnCommand) construct_only = set_command ("a", "uuid", "6b0d3c1e-1f0a-4c55-9b1a-0e4ae0f7d001");
  g_auto(GValue) object_value = G_VALUE_INIT;
  g_autoptr(XnCommand) wrong_type = NULL;
  g_autoptr(GError) error = NULL;

  ck_assert (!xn_command_stack_push (stack, missing, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, "flavour") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert (!xn_command_stack_push (stack, construct_only, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, "uuid") != NULL, "%s", error->message);
  g_clear_error (&error);

  g_value_init (&object_value, G_TYPE_OBJECT);
  g_value_set_object (&object_value, stack);
  wrong_type = xn_set_property_command_new (G_OBJECT (find_node (root, "a")), "colour", &object_value);
  ck_assert (!xn_command_stack_push (stack, wrong_type, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, "colour") != NULL, "%s", error->message);
  g_clear_error (&error);

  ck_assert (!xn_command_stack_undo (stack, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_EMPTY));

  assert_state ("r(a(x,y),b)");
  ck_assert (!xn_command_stack_get_can_undo (stack));
  ck_assert (!xn_command_stack_get_modified (stack));
}
END_TEST

START_TEST (test_stale_undo_refused)
{
  g_autoptr(XnCommand) insert = NULL;
  g_autoptr(TestNode) n = node ("n");
  g_autoptr(GError) error = NULL;

  insert = xn_insert_command_new (root->children, 0, XN_OBJECT (n));
  ck_assert (xn_command_stack_push (stack, insert, NULL));
  /* Someone edits behind the stack's back. */
  xn_object_list_remove (root->children, 0);

  ck_assert (!xn_command_stack_undo (stack, &error));
  ck_assert (g_error_matches (error, XN_COMMAND_ERROR, XN_COMMAND_ERROR_STALE));
  ck_assert (xn_command_stack_get_can_undo (stack));
  assert_state ("r(a(x,y),b)");
}
END_TEST

START_TEST (test_labels)
{
  g_autoptr(XnCommand) set = set_command ("a", "colour", "red");
  g_autoptr(XnCommand) rename = set_command ("b", "name", "c");

  ck_assert_str_eq (xn_command_get_label (set), "Change colour");
  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo");
  ck_assert_str_eq (xn_command_stack_get_redo_label (stack), "Redo");

  xn_command_set_label (rename, "Rename Tag");
  /* A group without its own label takes its first command's. */
  xn_command_stack_begin_group (stack, NULL);
  ck_assert (xn_command_stack_push (stack, rename, NULL));
  ck_assert (xn_command_stack_push (stack, set, NULL));
  xn_command_stack_end_group (stack);

  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo Rename Tag");
  ck_assert (xn_command_stack_undo (stack, NULL));
  ck_assert_str_eq (xn_command_stack_get_redo_label (stack), "Redo Rename Tag");
  ck_assert_str_eq (xn_command_stack_get_undo_label (stack), "Undo");
}
END_TEST

static Suite *
command_suite (void)
{
  Suite *s = suite_create ("command");
  TCase *tc;

  tc = tcase_create ("scripts");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_loop_test (tc, test_script, 0, G_N_ELEMENTS (scripts));
  suite_add_tcase (s, tc);

  tc = tcase_create ("commands");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_undo_restores_same_object);
  tcase_add_test (tc, test_redo_of_insert_reuses_object);
  tcase_add_test (tc, test_failing_group_rolls_back);
  tcase_add_test (tc, test_bad_property);
  tcase_add_test (tc, test_stale_undo_refused);
  suite_add_tcase (s, tc);

  tc = tcase_create ("stack");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_abort_group);
  tcase_add_test (tc, test_drop_redo);
  tcase_add_test (tc, test_depth_limit);
  tcase_add_test (tc, test_default_depth_limit);
  tcase_add_test (tc, test_notify_only_on_change);
  tcase_add_test (tc, test_merge_time_window);
  tcase_add_test (tc, test_applying_guard);
  tcase_add_test (tc, test_labels);
  suite_add_tcase (s, tc);

  return s;
}

XN_TEST_MAIN (command_suite)
