// The site's own script: collected and hashed like the admin's.
document.documentElement.classList.add("js");
