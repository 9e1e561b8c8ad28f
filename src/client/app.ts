// Progressive enhancement shared by every page: move focus to an error summary so screen
// readers announce it, and confirm destructive actions.
const summary = document.querySelector<HTMLElement>('[data-autofocus]');
if (summary) summary.focus();

document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  const message = form.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
