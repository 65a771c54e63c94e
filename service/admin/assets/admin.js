// EveryNet admin web. Served as /assets/admin.js; the CSP allows no inline scripts.
// Writes data only through textContent and element properties, never as markup.
'use strict';

(function () {
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const refreshMilliseconds = 5000;

  function pad(number) {
    return String(number).padStart(2, '0');
  }

  // The same texts as the server's display_format.cpp.
  const formats = {
    number(value) {
      return value === null || value === undefined ? '\u2014' : String(value);
    },
    bytes(value) {
      if (typeof value !== 'number') return '\u2014';
      return value < 1e9 ? (value / 1e6).toFixed(1) + ' MB' : (value / 1e9).toFixed(2) + ' GB';
    },
    time(value) {
      if (typeof value !== 'number') return '\u2014';
      const t = new Date(value * 1000);
      return t.getFullYear() + '-' + pad(t.getMonth() + 1) + '-' + pad(t.getDate()) + ' ' +
          pad(t.getHours()) + ':' + pad(t.getMinutes()) + ':' + pad(t.getSeconds());
    },
    list(value) {
      return Array.isArray(value) ? value.join(', ') : formats.number(value);
    },
    duration(value) {
      if (typeof value !== 'number') return '\u2014';
      const total = Math.round(Math.max(0, value));
      if (total < 60) return total + ' s';
      if (total < 3600) return Math.floor(total / 60) + ' min ' + (total % 60) + ' s';
      return Math.floor(total / 3600) + ' h ' + pad(Math.floor((total % 3600) / 60)) + ' min';
    },
    progress(value) {
      return typeof value === 'number' ? Math.round(value * 100) + ' %' : '\u2014';
    },
  };

  function valueAt(document, path) {
    return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), document);
  }

  function textCell(text) {
    const cell = document.createElement('td');
    cell.textContent = text;
    return cell;
  }

  function linkCell(href, text) {
    const cell = document.createElement('td');
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    cell.appendChild(link);
    return cell;
  }

  function progressCell(fraction) {
    const cell = document.createElement('td');
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.value = typeof fraction === 'number' ? fraction : 0;
    bar.textContent = formats.progress(fraction);
    const label = document.createElement('span');
    label.textContent = formats.progress(fraction);
    cell.append(bar, ' ', label);
    return cell;
  }

  // The stage, or while the job's training waits in a cluster's queue, why (as dashboard_page.cpp).
  function stageOrWait(job) {
    return typeof job.waiting === 'string' ? 'waiting: ' + job.waiting : formats.number(job.stage);
  }

  // Cells per row of the dashboard's tables, in the order dashboard_page.cpp writes them.
  const rowCells = {
    running_jobs: (job) => [linkCell('/jobs/' + encodeURIComponent(job.id), String(job.id)),
      textCell(formats.number(job.method)), textCell(stageOrWait(job)), progressCell(job.progress),
      textCell(formats.duration(job.eta_seconds)), textCell(formats.number(job.device))],
    exports: (destination) => [textCell(formats.number(destination.destination)),
      textCell(formats.number(destination.pending)), textCell(formats.number(destination.due)),
      textCell(formats.number(destination.sent)), textCell(formats.number(destination.failed)),
      textCell(formats.time(destination.next_attempt_at))],
    recent_errors: (error) => [textCell(formats.time(error.at)), textCell(formats.number(error.level)),
      textCell(formats.number(error.message))],
  };

  function refillTable(body, items, cellsOf) {
    const rows = (Array.isArray(items) ? items : []).map((item) => {
      const row = document.createElement('tr');
      row.append(...cellsOf(item));
      return row;
    });
    if (rows.length === 0) {
      const row = document.createElement('tr');
      row.className = 'empty';
      const cell = textCell('None');
      cell.colSpan = Number(body.dataset.columns);
      row.appendChild(cell);
      rows.push(row);
    }
    body.replaceChildren(...rows);
  }

  function showStatus(status) {
    for (const element of document.querySelectorAll('[data-field]')) {
      const format = formats[element.dataset.format] || formats.number;
      element.textContent = format(valueAt(status, element.dataset.field));
    }
    for (const body of document.querySelectorAll('tbody[data-list]')) {
      const cellsOf = rowCells[body.dataset.list];
      if (cellsOf) refillTable(body, status[body.dataset.list], cellsOf);
    }
  }

  async function refreshDashboard() {
    try {
      const response = await fetch('/api/v1/status', {credentials: 'same-origin'});
      if (response.ok) showStatus(await response.json());
    } catch (error) {
      // The next refresh tries again; the page keeps the last figures meanwhile.
    }
  }

  // Action forms: POST with the CSRF header and the form's JSON body, then reload to show the
  // new state; a refusal is shown beside the button.
  async function submitAction(event) {
    const form = event.target;
    if (!form.classList.contains('action')) return;
    event.preventDefault();
    const problem = form.querySelector('.action-error');
    problem.textContent = '';
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken},
        body: form.dataset.jsonBody || '{}',
      });
      if (response.ok) {
        window.location.reload();
      } else {
        problem.textContent = 'Refused: ' + response.status + ' ' + (await response.text());
      }
    } catch (error) {
      problem.textContent = 'Failed: ' + error.message;
    }
  }

  document.addEventListener('submit', submitAction);
  if (document.body.dataset.page === 'dashboard') {
    window.setInterval(refreshDashboard, refreshMilliseconds);
  }
})();
