// Statistics charts: a tooltip for the point under the pointer and legend buttons that show or
// hide a series. The charts and their tables work without this script.
for (const figure of document.querySelectorAll<HTMLElement>('figure.chart')) {
  const tip = document.createElement('div');
  tip.className = 'chart-tooltip';
  tip.setAttribute('role', 'status');
  tip.hidden = true;
  figure.append(tip);

  figure.addEventListener('pointerover', (event) => {
    const point = (event.target as Element).closest<SVGGElement>('.chart-point');
    if (!point) return;
    const box = point.getBoundingClientRect();
    const frame = figure.getBoundingClientRect();
    tip.textContent = point.querySelector('title')?.textContent ?? '';
    tip.hidden = false;
    tip.style.left = `${box.left - frame.left + box.width / 2}px`;
    tip.style.top = `${box.top - frame.top}px`;
  });
  figure.addEventListener('pointerout', (event) => {
    if ((event.target as Element).closest('.chart-point')) tip.hidden = true;
  });

  for (const item of figure.querySelectorAll<HTMLLIElement>('.chart-legend li[data-series]')) {
    const key = item.dataset.series!;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'legend-toggle';
    button.setAttribute('aria-pressed', 'true');
    button.append(...item.childNodes);
    item.append(button);
    button.addEventListener('click', () => {
      const shown = button.getAttribute('aria-pressed') === 'true';
      button.setAttribute('aria-pressed', String(!shown));
      for (const g of figure.querySelectorAll(`.chart-series[data-series="${CSS.escape(key)}"]`)) {
        g.classList.toggle('is-hidden', shown);
      }
    });
  }
}
