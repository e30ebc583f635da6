#!/usr/bin/python3
# tests/ui/test-atspi.py: xenon-manager as assistive technology sees it.
#
# Run by test-atspi.sh inside its own Xvfb, D-Bus session and AT-SPI bus,
# with xenon-manager started on the demo policy.  Through AT-SPI only (as
# a screen reader would): every control shown has a name, the seed's
# panels and Live mode's tabs are there by name, and the editor's
# commands work through the accessible action interface (Add tag adds a
# row to the policy tree, the mode switch opens Live mode).  Keys are
# typed and clicks made through the AT-SPI registry (XTest under Xvfb):
# Right and Left in the policy tree, Tab out of the violations log.
import re
import sys
import time

try:
    import pyatspi
except ImportError:
    print("SKIP: python3-pyatspi is not installed (tools/install-deps installs it)")
    sys.exit(77)

INTERACTIVE = {"push button", "toggle button", "check box", "radio button", "combo box",
               "text", "entry", "spin button", "menu item", "page tab", "slider"}
failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures += 1


def find_app(timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name and "xenon" in app.name.lower():
                return app
        time.sleep(0.3)
    return None


def walk(acc, out, depth=0):
    # GTK 4.8 sets "visible", not "showing": hidden notebook pages count
    # too, which only makes the check stricter.
    try:
        role = acc.getRoleName()
        visible = acc.getState().contains(pyatspi.STATE_VISIBLE)
        n = acc.childCount
    except Exception:
        return
    out.append((acc, role, visible, depth))
    for i in range(n):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, out, depth + 1)


def snapshot(app):
    out = []
    walk(app, out)
    return out


def name_of(acc):
    try:
        return acc.name or ""
    except Exception:
        return ""


def named(acc):
    # A bare class name is GTK's fallback when a widget has no name.
    name = name_of(acc).strip()
    return bool(name) and not (name.startswith("Gtk") and " " not in name)


def parent_of(acc):
    try:
        p = acc.parent
        return "%s “%s”" % (p.getRoleName(), name_of(p)) if p is not None else "-"
    except Exception:
        return "-"


def unnamed_controls(nodes):
    return [(role, depth, parent_of(acc)) for acc, role, showing, depth in nodes
            if showing and role in INTERACTIVE and not named(acc)]


def by_name(nodes, role, name):
    return [acc for acc, r, showing, depth in nodes if r == role and name_of(acc) == name]


def wait_for(pred, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        value = pred()
        if value:
            return value
        time.sleep(0.2)
    return None


def do_action(acc, preferred=("click", "activate", "press")):
    # A menu button acts through its inner button.
    try:
        n = acc.queryAction().nActions
    except NotImplementedError:
        n = 0
    if n == 0:
        for i in range(acc.childCount):
            child = acc.getChildAtIndex(i)
            if child is not None:
                return do_action(child, preferred)
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for want in preferred:
        if want in names:
            return action.doAction(names.index(want))
    return action.doAction(0)


def twice(name):
    # "Tag Tag", also "Enclave or tag: Enclave or tag" (a label's colon).
    words = [w.rstrip(":") for w in name.split()]
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def inside_tables(nodes, names):
    """The nodes under the tables (tree tables) named in @names."""
    out, inside_depth = [], None
    for acc, role, showing, depth in nodes:
        if inside_depth is not None and depth <= inside_depth:
            inside_depth = None
        if inside_depth is None and role in ("tree table", "table") and name_of(acc) in names:
            inside_depth = depth
            continue
        if inside_depth is not None:
            out.append((acc, role, depth))
    return out


def check_reading(nodes, where):
    """What a screen reader reads: no name twice, no class names for the
    menu bar, the view switcher, column headers, rows and cells, no
    read-only label as a Tab stop."""
    doubled = [name_of(a) for a, r, s, d in nodes if r in INTERACTIVE and twice(name_of(a))]
    check(not doubled, "%s: no control is named twice (%s)" % (where, doubled[:5]))
    classes = [(r, name_of(a)) for a, r, s, d in nodes
               if name_of(a) in ("GtkPopoverMenuBar", "GtkStackSwitcher", "GtkColumnViewTitle")]
    check(not classes, "%s: the menu bar, view switcher and column headers have names (%s)" % (where, classes[:5]))
    tables = inside_tables(nodes, ("Domains", "Hardware", "Lint results", "Audit log"))
    check(bool(tables), "%s: the tables are there" % where)
    bare = [(r, name_of(a)) for a, r, d in tables
            if name_of(a) in ("GtkListItemWidget", "GtkColumnViewCell", "GtkLabel", "GtkImage")]
    check(not bare, "%s: table rows, cells and empty cells read as their content (%s)" % (where, bare[:5]))
    stops = []
    for a, r, s, d in nodes:
        try:
            if r == "label" and s and a.getState().contains(pyatspi.STATE_FOCUSABLE):
                stops.append(name_of(a)[:30])
        except Exception:
            pass
    check(not stops, "%s: read-only labels are not Tab stops (%s)" % (where, stops[:5]))


CLASS_NAME = re.compile(r"^(Gtk|Adw|Xn)[A-Z][A-Za-z]*$")
# What a screen reader announces by name; fillers, panels and scroll bars
# it passes over.
ANNOUNCED = INTERACTIVE | {"list", "list item", "tree", "tree table", "table", "table row", "table cell",
                           "column header", "image", "label", "page tab list", "menu bar", "menu"}


def check_class_names(nodes, where):
    """Nothing a screen reader announces is named by its class
    (GtkColumnListView, GtkImage, AdwViewSwitcher…)."""
    classes = sorted({(r, name_of(a)) for a, r, s, d in nodes if r in ANNOUNCED and CLASS_NAME.match(name_of(a))})
    check(not classes, "%s: nothing announced is named by its class (%s)" % (where, classes[:6]))


def header_row(table):
    for i in range(table.childCount):
        child = table.getChildAtIndex(i)
        if child is not None and child.getRoleName() == "table row":
            return child
    return None


def is_header(acc):
    """A column header, as GTK can expose one: GTK 4.8 maps the role to
    "filler", so the header says what it is in its description."""
    try:
        return bool(name_of(acc)) and (acc.getRoleName() == "column header"
                                       or (acc.description or "").startswith("Column header"))
    except Exception:
        return False


def check_headers(nodes, where, names):
    """Each table's first row is its header row, each column's header in it."""
    for table in [a for a, r, s, d in nodes if r in ("tree table", "table") and name_of(a) in names]:
        row = header_row(table)
        kids = [row.getChildAtIndex(i) for i in range(row.childCount)] if row is not None else []
        bad = [(k.getRoleName(), name_of(k)) for k in kids if not is_header(k)]
        check(bool(kids) and not bad and name_of(row) == "Column headers",
              "%s: the columns of “%s” are headers with names (%d, not: %s)" % (where, name_of(table), len(kids), bad[:3]))


def log_header_names(nodes):
    """The violations log's header row, above its list of rows."""
    for a, r, s, d in nodes:
        if r == "list" and name_of(a) == "Policy violations":
            box = a.parent.parent   # the scrolled window's box, beside the header row
            for i in range(box.childCount):
                row = box.getChildAtIndex(i)
                if row is not None and row.getRoleName() == "table row" and name_of(row) == "Column headers":
                    return [name_of(row.getChildAtIndex(k)) for k in range(row.childCount)
                            if is_header(row.getChildAtIndex(k))]
    return []


def focused_node():
    hits = [(a, r) for a, r, s, d in snapshot(app) if a.getState().contains(pyatspi.STATE_FOCUSED)]
    return hits[-1] if hits else (None, "")


def click(acc):
    # Under Xvfb with no window manager the window sits at the origin, so
    # window coordinates are the screen's (GTK 4.8 reports only those).
    ext = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(ext.x + ext.width // 2, ext.y + ext.height // 2, pyatspi.MOUSE_B1C)


def press(keysym):
    # The registry types a keysym, with Shift when the keymap needs it.
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.5)


def under(acc, ancestor):
    while acc is not None:
        if acc == ancestor:
            return True
        acc = acc.parent
    return False


KEY_TAB, KEY_BACKTAB, KEY_LEFT, KEY_RIGHT = 0xff09, 0xfe20, 0xff51, 0xff53


def check_tab_walk(where, reach, presses=16):
    """Tab goes on from stop to stop: never stays where it was (a trap),
    stops only where there is a name to read, and reaches the control
    named @reach."""
    # Each look at the focus reads the whole tree: one a press.
    stops, trapped = [], None
    before = focused_node()[0]
    for _ in range(presses):
        press(KEY_TAB)
        after, role = focused_node()
        if after is not None and after == before:
            trapped = (role, name_of(after))
            break
        stops.append(name_of(after))
        before = after
    check(trapped is None, "%s: Tab moves on from every stop (stuck at %s)" % (where, trapped))
    bare = sorted({n for n in stops if not n.strip() or CLASS_NAME.match(n)})
    check(not bare, "%s: every Tab stop has a name (%s)" % (where, bare))
    check(reach in stops, "%s: Tab reaches “%s” (%s)" % (where, reach, stops))


def check_one_tab_stop(container, rows, what):
    """A list is one Tab stop: from a row in the middle of @rows (so that
    neither way is the list's own end), Tab and Shift+Tab leave
    @container instead of walking its rows. Returns where Tab went."""
    if container is None or rows is None or rows.childCount < 3:
        check(False, "%s has rows to Tab from" % what)
        return None
    middle = rows.getChildAtIndex(rows.childCount // 2)
    forward = None
    for key in (KEY_TAB, KEY_BACKTAB):
        click(middle)
        inside = wait_for(lambda: under(focused_node()[0], container), 5)
        press(key)
        # Where it went may not be exposed (libadwaita 1.2's entry rows
        # keep their text field out of the tree): no row may have it.
        after = focused_node()
        check(bool(inside) and not under(after[0], container),
              "%s from a row of %s leaves it (%s “%s”)"
              % ("Tab" if key == KEY_TAB else "Shift+Tab", what, after[1] or "not exposed", name_of(after[0])))
        if key == KEY_TAB:
            forward = after[0]
    return forward


app = find_app()
check(app is not None, "xenon-manager is on the accessibility bus")
if app is None:
    sys.exit(1)

def header_add(n):
    return [a for a, r, s, d in n if r in ("push button", "toggle button") and name_of(a) == "Add"]


# The editor, as the seed shows it, under a header bar.
nodes = wait_for(lambda: (lambda n: n if header_add(n) else None)(snapshot(app)), 20)
check(nodes is not None, "the header bar's Add menu is reachable")
nodes = nodes or snapshot(app)
buttons = [a for a, r, s, d in nodes if r in ("push button", "toggle button") and s]
check(len(buttons) >= 8, "%d push buttons shown" % len(buttons))
missing = unnamed_controls(nodes)
check(not missing, "every control shown in the editor has a name (%d without: %s)" % (len(missing), missing[:5]))
# Object names are snake_case (human_resources): drop them first, so what
# is left with an underscore is a mnemonic ("C_lear", "_Open") shown raw.
raw = [name_of(a) for a, r, s, d in nodes if r in INTERACTIVE and " " in name_of(a)
       and "_" in re.sub(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", "", name_of(a))]
check(not raw, "no control's name carries a mnemonic underscore (%s)" % raw[:5])
for name in ("Policy", "Domains, SecLabels, & Enclaves", "Connectivity"):
    check(bool(by_name(nodes, "toggle button", name) or by_name(nodes, "page tab", name)
               or by_name(nodes, "push button", name)), "the view switcher offers “%s”" % name)
for name in ("Open", "Undo", "Redo", "Save", "Main Menu"):
    check(bool([a for a, r, s, d in nodes if r in ("push button", "toggle button") and name_of(a) == name]),
          "the header bar offers “%s”" % name)
check(not [a for a, r, s, d in nodes if r == "menu bar"], "no menu bar (the header bar's menus carry the commands)")
trees = [a for a, r, s, d in nodes if r in ("tree table", "tree", "list") and s]
check(bool(trees), "the policy tree is exposed")
check_reading(nodes, "Editor")
check_class_names(nodes, "Editor")
check_headers(nodes, "Editor", ("Lint results",))

# In the policy tree Right opens a section and Left closes it, from the
# keyboard as a screen reader's user types.
def section(prefix):
    found = [a for a, r, s, d in snapshot(app) if r == "panel" and name_of(a).startswith(prefix)]
    return found[0] if found else None


def tree_rows():
    tree = by_name(snapshot(app), "list", "Policy tree")
    return tree[0].childCount if tree else -1


profiles = section("Profiles, ")
check(profiles is not None, "the policy tree has its Profiles section")
if profiles is not None:
    count = int(name_of(profiles).split(", ")[1])
    click(profiles)
    wait_for(lambda: focused_node()[0] == section("Profiles, "), 5)
    closed = tree_rows()
    press(KEY_RIGHT)
    opened = wait_for(lambda: section("Profiles, ").getState().contains(pyatspi.STATE_EXPANDED), 5)
    check(bool(opened) and tree_rows() >= closed + count,
          "Right opens the section in the policy tree (%d rows, then %d)" % (closed, tree_rows()))
    press(KEY_LEFT)
    shut = wait_for(lambda: not section("Profiles, ").getState().contains(pyatspi.STATE_EXPANDED), 5)
    check(bool(opened) and bool(shut) and tree_rows() == closed,
          "Left closes it again (%d rows, then %d)" % (closed, tree_rows()))

# Tab walks the editor: header bar, tree, editor, lint findings, round.
check_tab_walk("Editor", name_of(section("Profiles, ")))

# The tree is one Tab stop too: Tab leaves it for the editor, not the
# next row.
tree = by_name(snapshot(app), "list", "Policy tree")
check_one_tab_stop(tree[0] if tree else None, tree[0] if tree else None, "the policy tree")


def table_and_rows(nodes, name):
    """A table named @name and its list of rows."""
    for a, r, s, d in nodes:
        if r == "tree table" and name_of(a) == name:
            rows = [a.getChildAtIndex(i) for i in range(a.childCount) if a.getChildAtIndex(i).getRoleName() == "list"]
            return a, rows[0] if rows else None
    return None, None


check_one_tab_stop(*table_and_rows(snapshot(app), "Lint results"), "the lint findings")

# The Add menu holds the seed's buttons; a command through the action
# interface: Add tag adds tag-1 and the editor shows it.
add_items = None
if header_add(nodes):
    do_action(header_add(nodes)[0])
    add_items = wait_for(lambda: (lambda n: n if by_name(n, "menu item", "Add tag") else None)(snapshot(app)), 10)
check(add_items is not None, "the Add menu opens")
add_items = add_items or snapshot(app)
for name in ("Add tag", "Add root domain…", "Add enclave…", "Add VIF…"):
    check(bool(by_name(add_items, "menu item", name)), "the Add menu offers “%s”" % name)
missing = unnamed_controls(add_items)
check(not missing, "every control with the Add menu open has a name (%d without: %s)" % (len(missing), missing[:5]))
if by_name(add_items, "menu item", "Add tag"):
    do_action(by_name(add_items, "menu item", "Add tag")[0])
check(wait_for(lambda: by_name(snapshot(app), "label", "Edit tag tag-1"), 10) is not None,
      "Add tag, invoked through AT-SPI, adds tag-1 and opens it in the editor")
nodes = snapshot(app)
missing = unnamed_controls(nodes)
check(not missing, "every control of the tag form has a name (%d without: %s)" % (len(missing), missing[:5]))

# A dialog, read as the window is: "Cancel Cancel" was a dialog's.
KEY_ESCAPE = 0xff1b


def frames():
    return [app.getChildAtIndex(i) for i in range(app.childCount)
            if app.getChildAtIndex(i) is not None and app.getChildAtIndex(i).getRoleName() in ("frame", "dialog")]


def check_dialog(item_name):
    """Opens the dialog behind the Add menu's @item_name, reads it and
    closes it with Escape."""
    before = len(frames())
    nodes = snapshot(app)
    if header_add(nodes):
        do_action(header_add(nodes)[0])
        item = wait_for(lambda: by_name(snapshot(app), "menu item", item_name), 10)
        if item:
            do_action(item[0])
    dialog = wait_for(lambda: len(frames()) > before and frames()[-1], 10)
    check(bool(dialog), "%s opens a dialog" % item_name)
    if not dialog:
        return
    out = []
    walk(dialog, out)
    where = "the dialog “%s”" % name_of(dialog)
    missing = unnamed_controls(out)
    check(not missing, "%s: every control has a name (%s)" % (where, missing[:5]))
    doubled = [name_of(a) for a, r, s, d in out if r in INTERACTIVE and twice(name_of(a))]
    check(bool(by_name(out, "push button", "Cancel")) and not doubled,
          "%s: Cancel and every other control is named once (%s)" % (where, doubled[:5]))
    check_class_names(out, where)
    press(KEY_ESCAPE)
    check(wait_for(lambda: len(frames()) == before, 10) is not None, "Escape closes %s" % where)


check_dialog("Add enclave…")
check_dialog("Create network service VM…")

# Live mode: the seed's tabs, then All Hosts, each with its name.
switch = [a for a, r, s, d in nodes if r in ("toggle button", "push button")
          and name_of(a).startswith("Live mode (click to switch)")]
check(bool(switch), "the mode switch is named as in the seed")
if switch:
    do_action(switch[0])
    live = wait_for(lambda: (lambda n: n if by_name(n, "page tab", "Policy Violations Log") else None)(snapshot(app)), 10)
    check(live is not None, "the mode switch opens Live mode")
    live = live or snapshot(app)
    for name in ("Home", "Policy", "Policy Violations Log", "Current Performance",
                 "Performance History", "Advanced…", "All Hosts"):
        check(bool(by_name(live, "page tab", name)), "Live mode has the tab “%s”" % name)
    missing = unnamed_controls(live)
    check(not missing, "every control shown in Live mode has a name (%d without: %s)" % (len(missing), missing[:5]))
    # Home: past the host's facts (read-only labels) to its tables; the
    # Domains table's first row is "Domain-0" (the sidebar's reads
    # "Domain-0 (running)").
    check_tab_walk("Live mode", "Domain-0")
    time.sleep(2)
    nodes = snapshot(app)
    check_reading(nodes, "Live mode")
    check_class_names(nodes, "Live mode")
    check_headers(nodes, "Live mode", ("Domains", "Hardware", "Audit log", "Domains of every connected host"))
    # So is every table: Home's Domains, a row per domain.
    check_one_tab_stop(*table_and_rows(nodes, "Domains"), "Home's Domains table")
    log_headers = log_header_names(nodes)
    check(log_headers == ["Status", "Domain", "When", "Reason", "Module", "Info"],
          "Live mode: the violations log's columns are headers (%s)" % log_headers)

    def choose_tab(name):
        # GTK 4.8's notebook tabs have no action: choose the tab through
        # its list's selection.
        tab = by_name(live, "page tab", name)
        if tab:
            tabs = tab[0].parent
            index = [tabs.getChildAtIndex(i) for i in range(tabs.childCount)].index(tab[0])
            tabs.querySelection().selectChild(index)
        return bool(tab)

    # The history graph, a drawing, has its values as a table too: a
    # column per series the graph draws (the subjects ticked under Show),
    # a row per span of time.
    choose_tab("Performance History")
    values = wait_for(lambda: [a for a, r, s, d in snapshot(app)
                               if r in ("toggle button", "push button") and name_of(a) == "Values as a table"], 5)
    check(bool(values), "the history graph offers its values as a table")
    if values:
        do_action(values[0])

        def history_table():
            n = snapshot(app)
            table = by_name(n, "tree table", "Performance history values")
            shown = [name_of(a) for a, r, s, d in n if r == "check box" and a.getState().contains(pyatspi.STATE_CHECKED)]
            row = header_row(table[0]) if table else None
            heads = [name_of(row.getChildAtIndex(i)) for i in range(row.childCount)] if row is not None else []
            cells = [name_of(a) for a, r, d in inside_tables(n, ("Performance history values",)) if r == "table cell"]
            numbers = [c for c in cells if re.match(r"^[0-9.,]+", c)]
            return (heads, shown, numbers) if shown and heads[1:] == shown and numbers else None

        got = wait_for(history_table, 20)
        check(got is not None, "the graph's values table has a column per series shown and numbers in its cells (%s)"
              % (got[0] if got else "none"))

    # The log's rows are drawn, not built of labels: each must still read
    # as its whole line (status, domain, when, reason, module, info).
    if choose_tab("Policy Violations Log"):
        row = wait_for(lambda: [a for a, r, s, d in snapshot(app)
                                if r == "label" and "user_vm_1" in name_of(a) and "hcall=" in name_of(a)], 30)
        check(bool(row), "a violation row reads as its line (%s)" % (name_of(row[0]) if row else "none arrived"))
        # The log is one Tab stop: Tab from a row goes on to the buttons
        # under it, Shift+Tab back above it, not to the next row.
        log = by_name(snapshot(app), "list", "Policy violations")
        went = check_one_tab_stop(log[0] if log else None, log[0] if log else None, "the violations log")
        check(name_of(went) == "Get new policy violations",
              "Tab from the log reaches “Get new policy violations” (%s)" % name_of(went))

print("%d failures" % failures)
sys.exit(1 if failures else 0)
