/* The listing's map: Leaflet with the configured tile server, or the point alone on a plain background. */
(function () {
  var box = document.getElementById("annonce-carte");
  if (!box || !window.L) { return; }
  var lat = parseFloat(box.dataset.lat), lon = parseFloat(box.dataset.lon);
  if (isNaN(lat) || isNaN(lon)) { return; }
  L.Icon.Default.imagePath = box.dataset.images;
  var map = L.map(box, {scrollWheelZoom: false}).setView([lat, lon], 15);
  if (box.dataset.tiles) {
    L.tileLayer(box.dataset.tiles, {maxZoom: 19, attribution: box.dataset.attribution || ""}).addTo(map);
  }
  L.marker([lat, lon], {alt: box.dataset.label}).addTo(map);
})();
