// A host that changes only the fragment (a new share link) gets the new scenario.
addEventListener('hashchange', () => location.reload());
