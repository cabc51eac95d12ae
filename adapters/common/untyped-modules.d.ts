// Libraries without type declarations: each adapter types the part it uses.
declare module 'medium';
declare module 'chan';
declare module 'js-csp';
