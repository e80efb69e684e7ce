/* The offers map: points coloured by status on the configured tiles, or on a plain background with commune
   labels when no tile server is set (then nothing is requested from another host). Redrawn when Wagtail
   swaps the list's results (filters, pages). Data: the JSON script "offers-map-data" (plugins/offers/maps.py). */
(function () {
    "use strict";

    function text(content) {
        var span = document.createElement("span");
        span.textContent = content;
        return span;
    }

    function draw() {
        var canvas = document.querySelector("[data-offers-map]");
        var source = document.getElementById("offers-map-data-page") || document.getElementById("offers-map-data");
        if (!canvas || !source || !window.L) {
            return;
        }
        var data = JSON.parse(source.textContent);
        if (canvas.offersMap) {
            canvas.offersMap.remove();
        }
        var map = L.map(canvas, {attributionControl: Boolean(data.tiles)});
        canvas.offersMap = map;
        if (data.tiles) {
            L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 18}).addTo(map);
            map.attributionControl.setPrefix(false);
        }
        data.communes.forEach(function (commune) {
            var label = document.createElement("span");
            label.textContent = commune.name;
            L.marker([commune.lat, commune.lon], {
                icon: L.divIcon({className: "offers-map__commune", html: label, iconSize: null}), interactive: false, keyboard: false,
            }).addTo(map);
        });
        var bounds = [];
        data.points.forEach(function (point) {
            var marker = L.circleMarker([point.lat, point.lon], {
                radius: 7, color: "#ffffff", weight: 1, fillColor: point.colour, fillOpacity: 0.9,
            }).addTo(map);
            marker.bindTooltip(text(point.label + " (" + point.basis + ")"));
            marker.on("click", function () { window.location.href = point.url; });
            bounds.push([point.lat, point.lon]);
        });
        if (bounds.length) {
            map.fitBounds(bounds, {padding: [30, 30], maxZoom: 13});
        } else {
            map.setView([46.6, 2.5], 5);
        }
    }

    document.addEventListener("DOMContentLoaded", draw);
    document.addEventListener("w-swap:success", draw);
    if (document.readyState !== "loading") {
        draw();
    }
})();
