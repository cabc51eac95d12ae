// syncspec site: offline search over the prebuilt index (search-index.js) and the
// matrix's status filter. Results are built with DOM APIs and textContent only.
(function () {
  'use strict';
  var root = document.body.getAttribute('data-root') || '';

  function search(q) {
    var index = window.SYNCSPEC_SEARCH || [];
    q = q.trim();
    if (q === '') return [];
    var upper = q.toUpperCase();
    var terms = q.toLowerCase().split(/[^a-z0-9_-]+/).filter(function (t) { return t.length > 0; });
    var scored = [];
    for (var k = 0; k < index.length; k++) {
      var e = index[k];
      var id = e.i.toUpperCase();
      var score = 0;
      if (id === upper) score = 100;
      else if (id.indexOf(upper) === 0) score = 50;
      else if (id.indexOf(upper) >= 0) score = 30;
      else {
        var hay = (e.i + ' ' + e.t + ' ' + e.w).toLowerCase();
        var all = terms.length > 0;
        for (var j = 0; j < terms.length; j++) if (hay.indexOf(terms[j]) < 0) all = false;
        if (all) score = e.t.toLowerCase().indexOf(terms[0]) >= 0 ? 20 : 10;
      }
      if (score > 0) scored.push({ e: e, s: score, k: k });
    }
    scored.sort(function (a, b) { return b.s - a.s || a.k - b.k; });
    return scored.slice(0, 12).map(function (x) { return x.e; });
  }

  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  if (input && list) {
    var show = function () {
      var found = search(input.value);
      while (list.firstChild) list.removeChild(list.firstChild);
      for (var i = 0; i < found.length; i++) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = root + found[i].h;
        var id = document.createElement('span');
        id.className = 'hit-id';
        id.textContent = found[i].i;
        var title = document.createElement('span');
        title.className = 'hit-title';
        title.textContent = found[i].t;
        var where = document.createElement('span');
        where.className = 'hit-where';
        where.textContent = found[i].c;
        a.appendChild(id);
        a.appendChild(title);
        a.appendChild(where);
        li.appendChild(a);
        list.appendChild(li);
      }
      if (found.length === 0 && input.value.trim() !== '') {
        var none = document.createElement('li');
        none.className = 'none';
        none.textContent = 'nothing found';
        list.appendChild(none);
      }
      list.hidden = input.value.trim() === '';
    };
    input.addEventListener('input', show);
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        var first = list.querySelector('a');
        if (first) window.location.href = first.href;
      } else if (ev.key === 'Escape') {
        input.value = '';
        show();
      }
    });
    document.addEventListener('click', function (ev) {
      if (!list.contains(ev.target) && ev.target !== input) list.hidden = true;
    });
    input.addEventListener('focus', function () { if (input.value.trim() !== '') list.hidden = false; });
  }

  var select = document.getElementById('status-filter');
  if (select) {
    var apply = function () {
      var want = select.value;
      var shown = 0;
      var groups = document.querySelectorAll('#matrix tbody.chapter-group');
      for (var g = 0; g < groups.length; g++) {
        var rows = groups[g].querySelectorAll('tr.rule-row');
        var visible = 0;
        for (var r = 0; r < rows.length; r++) {
          var ok = want === '' || (' ' + rows[r].getAttribute('data-statuses') + ' ').indexOf(' ' + want + ' ') >= 0;
          rows[r].hidden = !ok;
          var cells = rows[r].querySelectorAll('td.cell');
          for (var c = 0; c < cells.length; c++) cells[c].classList.toggle('dim', want !== '' && cells[c].getAttribute('data-status') !== want);
          if (ok) visible++;
        }
        groups[g].hidden = visible === 0;
        shown += visible;
      }
      var count = document.getElementById('filter-count');
      if (count) count.textContent = want === '' ? '' : shown + ' rules';
      if (window.history && window.history.replaceState) window.history.replaceState(null, '', want === '' ? window.location.pathname : '#status=' + encodeURIComponent(want));
    };
    select.addEventListener('change', apply);
    var m = /^#status=(.+)$/.exec(window.location.hash);
    if (m) {
      select.value = decodeURIComponent(m[1]);
      apply();
    }
  }
})();
