// Progressive enhancement only: every page works without this script.
// Buttons marked data-confirm ask before an irreversible action (withdraw, revoke, publish).
document.addEventListener('submit', (event) => {
  const submitter = event.submitter;
  const message = submitter?.dataset.confirm ?? event.target?.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
