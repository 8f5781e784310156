/* Image upload from inside the body editor: posts to the admin with the CSRF token. */
'use strict';
window.dayuanUploadImage = function (blobInfo, progress) {
  return new Promise(function (resolve, reject) {
    var xhr = new XMLHttpRequest();
    var url = document.querySelector('[data-dayuan-upload-url]');
    xhr.open('POST', url ? url.dataset.dayuanUploadUrl : '/admin/news/article/upload-image/');
    var token = document.querySelector('[name=csrfmiddlewaretoken]');
    if (token) { xhr.setRequestHeader('X-CSRFToken', token.value); }
    xhr.upload.onprogress = function (e) { progress(e.loaded / e.total * 100); };
    xhr.onload = function () {
      var data = {};
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = {}; }
      if (xhr.status === 200 && data.location) { resolve(data.location); }
      else { reject({message: data.error || ('上传失败（' + xhr.status + '）'), remove: true}); }
    };
    xhr.onerror = function () { reject({message: '上传失败：网络错误', remove: true}); };
    var form = new FormData();
    form.append('file', blobInfo.blob(), blobInfo.filename());
    xhr.send(form);
  });
};
