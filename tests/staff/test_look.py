#!/usr/bin/python3
"""Every staff page as a person sees it, in headless Chromium: at desktop
and phone size, in the light and the dark scheme, each text on its real
background keeps WCAG AA contrast (4.5:1, 3:1 for large text), the page
never scrolls sideways on a phone (a wide table or grid scrolls inside its
own box), every field has a label, every table has header cells, and the
page has a language, a title and one h1. Screenshots of every page go to
OUT/staff-NAME-SIZE-SCHEME.png.

The pages are read from the route files (as staff.roles does), so a new
staff page is checked without a line here."""
import re
import sqlite3

import staff_harness as sh
import test_roles

# Pages worth seeing in more than their default state.
EXTRA = ["/staff/planning?view=week", "/staff/planning?view=month",
         "/staff/bookings?email=univ", "/staff/bookings/new",
         "/staff/audit?action=staff.login",
         "/stats?period=year"]

# The check run in the page: a list of problems, each a short sentence.
CHECK = r"""
function rgba(s) {
  var m = s.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  var p = m[1].split(/[ ,\/]+/).filter(function (x) { return x; })
              .map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, under) {
  var a = top[3];
  return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a),
          top[2] * a + under[2] * (1 - a), 1];
}
function background(el) {
  var stack = [];
  for (var e = el; e; e = e.parentElement) {
    var c = rgba(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) {
      stack.push(c);
      if (c[3] >= 1) break;
    }
  }
  var bg = [255, 255, 255, 1];
  if (getComputedStyle(document.documentElement).colorScheme === 'dark')
    bg = [0, 0, 0, 1];
  for (var i = stack.length - 1; i >= 0; i--) bg = over(stack[i], bg);
  return bg;
}
function lum(c) {
  var v = c.slice(0, 3).map(function (x) {
    x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
function ratio(a, b) {
  var x = lum(a), y = lum(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
function visible(el) {
  var r = el.getBoundingClientRect();
  var s = getComputedStyle(el);
  return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' &&
         s.display !== 'none' && parseFloat(s.opacity) > 0;
}
var out = [];
var all = document.body.querySelectorAll('*');
for (var i = 0; i < all.length; i++) {
  var el = all[i];
  if (el.closest('svg') || !visible(el)) continue;
  var own = '';
  for (var n = el.firstChild; n; n = n.nextSibling)
    if (n.nodeType === 3) own += n.textContent;
  own = own.trim();
  if (!own || el.closest('[disabled]')) continue;
  if (el.closest('.visually-hidden, .sr-only')) continue;
  var s = getComputedStyle(el);
  var fg = rgba(s.color);
  var bg = background(el);
  fg = over(fg, bg);
  var size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
  var need = (size >= 24 || (bold && size >= 18.66)) ? 3.0 : 4.5;
  var r = ratio(fg, bg);
  if (r < need)
    out.push('contrast ' + r.toFixed(2) + ' < ' + need + ' for "' +
             own.slice(0, 40) + '" (' + el.tagName.toLowerCase() +
             (el.className ? '.' + String(el.className).replace(/ /g, '.')
                           : '') + ')');
}
var de = document.documentElement;
if (de.scrollWidth > window.innerWidth + 1)
  out.push('the page scrolls sideways: ' + de.scrollWidth + ' > ' +
           window.innerWidth);
var fields = document.querySelectorAll('input, select, textarea');
for (var i = 0; i < fields.length; i++) {
  var f = fields[i];
  if (f.type === 'hidden' || f.type === 'submit' || f.type === 'button')
    continue;
  var named = f.getAttribute('aria-label') ||
              f.getAttribute('aria-labelledby') || f.closest('label') ||
              (f.id && document.querySelector('label[for="' + f.id + '"]'));
  if (!named) out.push('a field without a label: ' + (f.name || f.id));
}
var tables = document.querySelectorAll('table');
for (var i = 0; i < tables.length; i++)
  if (!tables[i].querySelector('th'))
    out.push('a table without header cells');
if (!de.getAttribute('lang')) out.push('no lang on <html>');
if (!document.title.trim()) out.push('no title');
if (document.querySelectorAll('h1').length !== 1)
  out.push(document.querySelectorAll('h1').length + ' h1 elements');
return out;
"""


def page_paths(db):
    """Every staff GET page with its parameters filled in, and EXTRA."""
    params = dict(test_roles.PARAMS)
    con = sqlite3.connect(db)
    params["id"] = str(con.execute(
        "SELECT min(b.id) FROM bookings b JOIN rooms r ON r.id = b.room_id "
        "WHERE r.slug = 'groupe-1'").fetchone()[0])
    con.close()
    paths = []
    for method, pattern in test_roles.staff_routes():
        if method != "GET" or test_roles.rights_of(method, pattern) is None:
            continue
        if pattern == "/staff":
            continue  # a redirection
        paths.append(re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)],
                            pattern))
    return paths, params


def shot_name(path):
    name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return name or "home"


class Look(sh.StaffCase):

    def dark(self, d, on):
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme",
                          "value": "dark" if on else "light"}]})

    def pages(self):
        paths, _ = page_paths(self.srv.db)
        known = set(paths)
        for extra in EXTRA:
            if extra.split("?")[0] in known:
                paths.append(extra)
        return paths

    def check(self, d, size_name):
        checked = 0
        for path in self.pages():
            for scheme in ("light", "dark"):
                with self.subTest(path=path, size=size_name, scheme=scheme):
                    self.dark(d, scheme == "dark")
                    d.get(self.srv.url(path))
                    self.assertNotIn("/staff/login", d.current_url, path)
                    problems = d.execute_script(CHECK)
                    sh.screenshot(d, "staff-%s-%s-%s" % (
                        shot_name(path), size_name, scheme))
                    self.assertEqual(problems, [], path)
                    checked += 1
        return checked

    def test_desktop(self):
        d = self.open("superadmin", "fr", sh.DESKTOP)
        self.assertGreaterEqual(self.check(d, "desktop"), 4)

    def test_phone(self):
        d = self.open("superadmin", "en", sh.PHONE)
        self.assertGreaterEqual(self.check(d, "phone"), 4)

    def test_the_check_catches_problems(self):
        """The check itself: a grey on white text, a wide block and a
        field without a label are each reported."""
        d = self.open("superadmin", "fr", sh.PHONE)
        d.get(self.srv.url("/staff/repeat"))
        problems = d.execute_script(
            "var m = document.querySelector('main');"
            "var p = document.createElement('p');"
            "p.textContent = 'pâle'; p.style.color = '#bbbbbb';"
            "p.style.background = '#ffffff'; m.appendChild(p);"
            "var w = document.createElement('div');"
            "w.style.width = '2000px'; w.textContent = 'large';"
            "m.appendChild(w);"
            "var i = document.createElement('input'); i.name = 'nu';"
            "m.appendChild(i);" + CHECK)
        text = "\n".join(problems)
        self.assertIn('"pâle"', text)
        self.assertIn("scrolls sideways", text)
        self.assertIn("without a label: nu", text)


if __name__ == "__main__":
    sh.main()
