// Decap CMS starts itself on load unless told not to: editor.js first
// registers the site's file format, self-check component and previews, then
// starts it with the configuration the development server makes (config.json).
window.CMS_MANUAL_INIT = true;
